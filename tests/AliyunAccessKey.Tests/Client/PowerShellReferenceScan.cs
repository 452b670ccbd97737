using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// Lists where types in the given namespaces use System.Management.Automation: base types and
/// interfaces, attributes, fields, properties, events, method signatures, locals, catch clauses and
/// every type, method or field token in IL — directly, or through another type of the same assembly
/// that does.
/// </summary>
internal static class PowerShellReferenceScan
{
    private const string PowerShellAssembly = "System.Management.Automation";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(static f => (OpCode)f.GetValue(null)!)
        .ToDictionary(static o => o.Value);

    internal static List<string> Find(string assemblyPath, IReadOnlyCollection<string> namespaces)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var direct = md.TypeDefinitions.ToDictionary(static t => t, t => Uses.Of(md, pe, t));

        // A type that uses one of this assembly's types that uses PowerShell uses it too.
        var tainted = direct.Where(static d => d.Value.PowerShell.Count > 0).ToDictionary(static d => d.Key, static d => d.Value.PowerShell[0]);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (type, uses) in direct)
            {
                if (!tainted.ContainsKey(type) && uses.Own.FirstOrDefault(tainted.ContainsKey) is { IsNil: false } via)
                {
                    var onward = tainted[via];
                    tainted[type] = $"through {Name(md, via)}, " + (onward.StartsWith("through ", StringComparison.Ordinal) ? onward : "whose " + onward);
                    changed = true;
                }
            }
        }

        var found = new List<string>();
        foreach (var (type, uses) in direct.Where(d => namespaces.Contains(Namespace(md, d.Key))))
        {
            found.AddRange(uses.PowerShell.Select(u => $"{Name(md, type)}: {u}"));
            if (uses.PowerShell.Count == 0 && tainted.TryGetValue(type, out var why))
            {
                found.Add($"{Name(md, type)}: {why}");
            }
        }

        return found;
    }

    private static string Namespace(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        return type.GetDeclaringType() is { IsNil: false } outer ? Namespace(md, outer) : md.GetString(type.Namespace);
    }

    private static string Name(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        return type.GetDeclaringType() is { IsNil: false } outer ? Name(md, outer) + "+" + name : md.GetString(type.Namespace) + "." + name;
    }

    /// <summary>What one type definition uses: PowerShell types (described) and this assembly's types.</summary>
    private sealed class Uses
    {
        private readonly MetadataReader _md;
        private readonly PEReader _pe;
        private readonly TypeCollector _collector = new();

        private Uses(MetadataReader md, PEReader pe)
        {
            _md = md;
            _pe = pe;
        }

        internal List<string> PowerShell { get; } = [];

        internal HashSet<TypeDefinitionHandle> Own { get; } = [];

        internal static Uses Of(MetadataReader md, PEReader pe, TypeDefinitionHandle handle)
        {
            var uses = new Uses(md, pe);
            uses.Scan(md.GetTypeDefinition(handle));
            return uses;
        }

        private void Scan(TypeDefinition type)
        {
            Handle(type.BaseType, "base type");
            foreach (var i in type.GetInterfaceImplementations())
            {
                Handle(_md.GetInterfaceImplementation(i).Interface, "interface");
            }

            Attributes(type.GetCustomAttributes());
            GenericParameters(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = _md.GetFieldDefinition(f);
                Types(field.DecodeSignature(_collector, null), "field");
                Attributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = _md.GetPropertyDefinition(p);
                var signature = property.DecodeSignature(_collector, null);
                Types(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(static t => t)), "property");
                Attributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                var ev = _md.GetEventDefinition(e);
                Handle(ev.Type, "event");
                Attributes(ev.GetCustomAttributes());
            }

            foreach (var m in type.GetMethods())
            {
                Method(_md.GetMethodDefinition(m));
            }
        }

        private void Method(MethodDefinition method)
        {
            var signature = method.DecodeSignature(_collector, null);
            Types(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(static t => t)), "signature");
            Attributes(method.GetCustomAttributes());
            GenericParameters(method.GetGenericParameters());
            foreach (var p in method.GetParameters())
            {
                Attributes(_md.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                Types(_md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null).SelectMany(static t => t), "method body");
            }

            foreach (var region in body.ExceptionRegions)
            {
                Handle(region.CatchType, "method body");
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var first = il.ReadByte();
                var code = OpCodesByValue[first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first];
                switch (code.OperandType)
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType:
                        Handle(MetadataTokens.EntityHandle(il.ReadInt32()), "method body");
                        break;
                    case OperandType.InlineSwitch:
                        // Read the count first: `Offset += 4 * ReadInt32()` reads Offset before the count moves it.
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var attribute = _md.GetCustomAttribute(a);
                Handle(attribute.Constructor, "attribute");

                // typeof(...) arguments are stored as type names.
                if (Encoding.UTF8.GetString(_md.GetBlobBytes(attribute.Value)).Contains(PowerShellAssembly + ".", StringComparison.Ordinal))
                {
                    PowerShell.Add("attribute argument names a " + PowerShellAssembly + " type");
                }
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
            {
                foreach (var c in _md.GetGenericParameter(g).GetConstraints())
                {
                    Handle(_md.GetGenericParameterConstraint(c).Type, "generic constraint");
                }
            }
        }

        /// <summary>Any handle a type, attribute or IL token can hold, down to the types it names.</summary>
        private void Handle(EntityHandle handle, string where)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeReference or HandleKind.TypeDefinition:
                    Types([handle], where);
                    break;
                case HandleKind.TypeSpecification:
                    Types(_md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, null), where);
                    break;
                case HandleKind.MethodDefinition:
                    Types([_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()], where);
                    break;
                case HandleKind.FieldDefinition:
                    Types([_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()], where);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Handle(spec.Method, where);
                    Types(spec.DecodeSignature(_collector, null).SelectMany(static t => t), where);
                    break;
                case HandleKind.MemberReference:
                    var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                    Handle(member.Parent, where);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        var signature = member.DecodeMethodSignature(_collector, null);
                        Types(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(static t => t)), where);
                    }
                    else
                    {
                        Types(member.DecodeFieldSignature(_collector, null), where);
                    }

                    break;
                case HandleKind.StandaloneSignature:
                    var standalone = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (standalone.GetKind() == StandaloneSignatureKind.Method)
                    {
                        var signature = standalone.DecodeMethodSignature(_collector, null);
                        Types(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(static t => t)), where);
                    }

                    break;
            }
        }

        private void Types(IEnumerable<EntityHandle> types, string where)
        {
            foreach (var type in types)
            {
                if (type.Kind == HandleKind.TypeDefinition)
                {
                    Own.Add((TypeDefinitionHandle)type);
                }
                else if (type.Kind == HandleKind.TypeReference && IsPowerShell((TypeReferenceHandle)type, out var name))
                {
                    var use = $"{where} {(where is "method body" or "signature" ? "uses " : string.Empty)}{name}";
                    if (!PowerShell.Contains(use))
                    {
                        PowerShell.Add(use);
                    }
                }
            }
        }

        private bool IsPowerShell(TypeReferenceHandle handle, out string name)
        {
            var reference = _md.GetTypeReference(handle);
            name = _md.GetString(reference.Namespace) + "." + _md.GetString(reference.Name);
            var scope = reference.ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference)
            {
                // A nested type: its scope is the type it is nested in.
                reference = _md.GetTypeReference((TypeReferenceHandle)scope);
                scope = reference.ResolutionScope;
            }

            return scope.Kind == HandleKind.AssemblyReference &&
                _md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == PowerShellAssembly;
        }
    }

    /// <summary>Decodes a signature into the type handles it names (generic arguments, array elements, modifiers).</summary>
    private sealed class TypeCollector : ISignatureTypeProvider<EntityHandle[], object?>
    {
        public EntityHandle[] GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public EntityHandle[] GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public EntityHandle[] GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [handle];

        public EntityHandle[] GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public EntityHandle[] GetSZArrayType(EntityHandle[] elementType) => elementType;

        public EntityHandle[] GetArrayType(EntityHandle[] elementType, ArrayShape shape) => elementType;

        public EntityHandle[] GetByReferenceType(EntityHandle[] elementType) => elementType;

        public EntityHandle[] GetPointerType(EntityHandle[] elementType) => elementType;

        public EntityHandle[] GetPinnedType(EntityHandle[] elementType) => elementType;

        public EntityHandle[] GetGenericInstantiation(EntityHandle[] genericType, System.Collections.Immutable.ImmutableArray<EntityHandle[]> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(static t => t)];

        public EntityHandle[] GetGenericMethodParameter(object? genericContext, int index) => [];

        public EntityHandle[] GetGenericTypeParameter(object? genericContext, int index) => [];

        public EntityHandle[] GetFunctionPointerType(MethodSignature<EntityHandle[]> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(static t => t)];

        public EntityHandle[] GetModifiedType(EntityHandle[] modifier, EntityHandle[] unmodifiedType, bool isRequired) => [.. modifier, .. unmodifiedType];
    }
}
