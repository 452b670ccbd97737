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
/// <param name="Product">The product it belongs to.</param>
/// <param name="Name">The action name (CreateUser).</param>
/// <param name="Access">Read or write.</param>
/// <param name="Handler">What it does.</param>
/// <param name="Resource">What it touches, from the request, for the authorizer.</param>
internal sealed record ApiAction(ApiProduct Product, string Name, ActionAccess Access, ActionHandler Handler, Func<ActionContext, string> Resource)
{
    /// <summary>The resource of an action registered without one: everything.</summary>
    public static string AnyResource(ActionContext context) => "*";

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
