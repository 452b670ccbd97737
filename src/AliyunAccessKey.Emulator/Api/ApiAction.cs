using System.Text.Json;
using AliyunAccessKey.Emulator.Account;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>Whether an action only looks at the state or may change it.</summary>
internal enum ActionAccess
{
    /// <summary>Runs under <see cref="AccountRoot.Read{T}"/>: a change it tried would throw.</summary>
    Read,

    /// <summary>Runs under <see cref="AccountRoot.Write{T}"/>, which marks the state changed.</summary>
    Write,
}

/// <summary>One action of one product, as its feature registered it.</summary>
internal sealed record ApiAction(ApiProduct Product, string Name, ActionAccess Access, ActionHandler Handler)
{
    /// <summary>Runs the handler under the account's lock, as a read or a write.</summary>
    public void Run(AccountRoot account, ActionContext context, Utf8JsonWriter json)
    {
        if (Access == ActionAccess.Write)
        {
            account.Write(state => Handler(context, state, json));
        }
        else
        {
            account.Read(state =>
            {
                Handler(context, state, json);
                return true;
            });
        }
    }
}
