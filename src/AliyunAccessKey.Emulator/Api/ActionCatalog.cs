using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// The actions served, by product and version. Each feature registers its own actions on the
/// product they belong to (<c>UserActions.Register</c>…), so adding an entity adds one line here.
/// </summary>
internal sealed class ActionCatalog
{
    private readonly Dictionary<string, ApiProduct> _byVersion = new(StringComparer.Ordinal);
    private readonly Dictionary<(ApiProduct Product, string Action), ApiAction> _actions = [];

    /// <summary>IMS 2019-08-15 and STS 2015-04-01. RAM 2015-05-01 will be one more Serve, on the same address.</summary>
    public static ActionCatalog Default { get; } = new ActionCatalog()
        .Serve(ApiProduct.Ims, UserActions.Register, AccessKeyActions.Register)
        .Serve(ApiProduct.Sts, StsActions.Register);

    public IEnumerable<ApiAction> Actions => _actions.Values;

    /// <summary>Serves <paramref name="product"/> with the actions the features register on it.</summary>
    public ActionCatalog Serve(ApiProduct product, params Action<ActionTable>[] features)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(features);
        if (_byVersion.TryGetValue(product.Version, out var other) && other != product)
        {
            throw new ArgumentException($"The version {product.Version} already routes to {other.Code}.", nameof(product));
        }

        _byVersion[product.Version] = product;
        var table = new ActionTable(product, _actions);
        foreach (var register in features)
        {
            register(table);
        }

        return this;
    }

    /// <summary>The product a version names, or null when none is served.</summary>
    public ApiProduct? Product(string version) => _byVersion.GetValueOrDefault(version);

    public ApiAction? Find(ApiProduct product, string action) => _actions.GetValueOrDefault((product, action));

    /// <summary>By product code ("ims", "sts"), as the API spec names the products.</summary>
    public ApiAction? Find(string productCode, string action) =>
        _byVersion.Values.FirstOrDefault(p => p.Code == productCode) is { } product ? Find(product, action) : null;
}

/// <summary>Where a feature registers its actions on one product.</summary>
internal sealed class ActionTable
{
    private readonly ApiProduct _product;
    private readonly Dictionary<(ApiProduct Product, string Action), ApiAction> _actions;

    public ActionTable(ApiProduct product, Dictionary<(ApiProduct Product, string Action), ApiAction> actions)
    {
        _product = product;
        _actions = actions;
    }

    /// <summary>An action that only looks at the state; <paramref name="resource"/> names what it touches (default *).</summary>
    public ActionTable Reads(string name, ActionHandler handler, Func<ActionContext, string>? resource = null) =>
        Add(name, ActionAccess.Read, handler, resource);

    /// <summary>An action that may change the state; <paramref name="resource"/> names what it touches (default *).</summary>
    public ActionTable Writes(string name, ActionHandler handler, Func<ActionContext, string>? resource = null) =>
        Add(name, ActionAccess.Write, handler, resource);

    private ActionTable Add(string name, ActionAccess access, ActionHandler handler, Func<ActionContext, string>? resource)
    {
        if (!_actions.TryAdd((_product, name), new ApiAction(_product, name, access, handler, resource ?? ApiAction.AnyResource)))
        {
            throw new ArgumentException($"{_product.Code} {name} is registered twice.", nameof(name));
        }

        return this;
    }
}
