using System.Reflection;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.LoginProfiles;
using AliyunAccessKey.Emulator.Features.Mfa;
using AliyunAccessKey.Emulator.Features.Groups;
using AliyunAccessKey.Emulator.Features.Policies;
using AliyunAccessKey.Emulator.Features.AccountSettings;
using AliyunAccessKey.Emulator.Features.Reports;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// The actions served, by product and version. A product is served with its features' action
/// classes, whose <see cref="ReadsAttribute"/> and <see cref="WritesAttribute"/> methods are its
/// actions; adding an entity adds its class here.
/// </summary>
internal sealed class ActionCatalog
{
    private const BindingFlags StaticMethods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    private readonly Dictionary<string, ApiProduct> _byVersion = new(StringComparer.Ordinal);
    private readonly Dictionary<(ApiProduct Product, string Action), ApiAction> _actions = [];

    /// <summary>IMS 2019-08-15, STS 2015-04-01 and RAM 2015-05-01, all on one address.</summary>
    public static ActionCatalog Default { get; } = new ActionCatalog()
        .Serve(ApiProduct.Ims, typeof(UserActions), typeof(AccessKeyActions), typeof(GroupActions), typeof(LoginProfileActions), typeof(MfaActions),
            typeof(ReportActions), typeof(AccountActions))
        .Serve(ApiProduct.Sts, typeof(StsActions))
        .Serve(ApiProduct.Ram, typeof(PolicyActions));

    public IEnumerable<ApiAction> Actions => _actions.Values;

    /// <summary>Serves <paramref name="product"/> with the actions the <paramref name="features"/> declare.</summary>
    public ActionCatalog Serve(ApiProduct product, params Type[] features)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(features);
        if (_byVersion.TryGetValue(product.Version, out var other) && other != product)
        {
            throw new ArgumentException($"The version {product.Version} already routes to {other.Code}.", nameof(product));
        }

        _byVersion[product.Version] = product;
        foreach (var feature in features)
        {
            foreach (var method in feature.GetMethods(StaticMethods))
            {
                if (method.GetCustomAttribute<ActionAttribute>() is { } declared)
                {
                    Add(new ApiAction(product, method.Name, declared.Access, method.CreateDelegate<ActionHandler>(), ResourceOf(feature, declared)));
                }
            }
        }

        return this;
    }

    private static Func<ActionContext, string> ResourceOf(Type feature, ActionAttribute declared) =>
        declared.Resource is null
            ? ApiAction.AnyResource
            : (feature.GetMethod(declared.Resource, StaticMethods) ?? throw new ArgumentException($"{feature.Name} has no method {declared.Resource}.", nameof(feature)))
                .CreateDelegate<Func<ActionContext, string>>();

    private void Add(ApiAction action)
    {
        if (!_actions.TryAdd((action.Product, action.Name), action))
        {
            throw new ArgumentException($"{action.Product.Code} {action.Name} is declared twice.", nameof(action));
        }
    }

    /// <summary>The product a version names, or null when none is served.</summary>
    public ApiProduct? Product(string version) => _byVersion.GetValueOrDefault(version);

    public ApiAction? Find(ApiProduct product, string action) => _actions.GetValueOrDefault((product, action));

    /// <summary>By product code ("ims", "sts"), as the API spec names the products.</summary>
    public ApiAction? Find(string productCode, string action) =>
        _byVersion.Values.FirstOrDefault(p => p.Code == productCode) is { } product ? Find(product, action) : null;
}
