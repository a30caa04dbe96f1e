using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CitizenHelper.Architecture.Tests;

/// <summary>
/// Which namespaces of one compiled assembly use which others of the same assembly, read from its metadata: base
/// types, interfaces, attributes, signatures of fields and methods, locals, and every type, method or field the IL
/// of a method names (lambdas, async methods and local functions are nested types, so they count for the namespace
/// of the type that holds them). Constants are copied into the IL that uses them, so a use of only a const is not
/// seen; any other use of the type is.
/// </summary>
internal sealed class NamespaceReferences
{
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => unchecked((ushort)op.Value), op => op.OperandType);

    private readonly PEReader pe;
    private readonly MetadataReader metadata;
    private readonly Signatures signatures = new();

    /// <summary>(from namespace, to namespace) → one example "FromType → ToType".</summary>
    public Dictionary<(string From, string To), string> Uses { get; } = [];

    private NamespaceReferences(PEReader pe)
    {
        this.pe = pe;
        metadata = pe.GetMetadataReader();
    }

    /// <summary>The uses between namespaces that are <paramref name="root"/> or under it.</summary>
    public static Dictionary<(string From, string To), string> Of(string assemblyPath, string root)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var references = new NamespaceReferences(pe);
        foreach (var type in references.metadata.TypeDefinitions)
        {
            references.Read(type, root);
        }
        return references.Uses;
    }

    private void Read(TypeDefinitionHandle handle, string root)
    {
        var from = NamespaceOf(handle);
        if (!Within(from, root))
        {
            return;
        }
        var used = new List<TypeDefinitionHandle>();
        var type = metadata.GetTypeDefinition(handle);
        used.AddRange(TypesOf(type.BaseType));
        used.AddRange(type.GetInterfaceImplementations().SelectMany(i => TypesOf(metadata.GetInterfaceImplementation(i).Interface)));
        used.AddRange(AttributeTypes(type.GetCustomAttributes()));
        foreach (var fieldHandle in type.GetFields())
        {
            var field = metadata.GetFieldDefinition(fieldHandle);
            used.AddRange(field.DecodeSignature(signatures, null));
            used.AddRange(AttributeTypes(field.GetCustomAttributes()));
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = metadata.GetMethodDefinition(methodHandle);
            var signature = method.DecodeSignature(signatures, null);
            used.AddRange(signature.ReturnType);
            used.AddRange(signature.ParameterTypes.SelectMany(p => p));
            used.AddRange(AttributeTypes(method.GetCustomAttributes()));
            used.AddRange(method.GetParameters().SelectMany(p => AttributeTypes(metadata.GetParameter(p).GetCustomAttributes())));
            if (method.RelativeVirtualAddress != 0)
            {
                used.AddRange(BodyTypes(pe.GetMethodBody(method.RelativeVirtualAddress)));
            }
        }
        foreach (var usedHandle in used.Distinct())
        {
            var to = NamespaceOf(usedHandle);
            if (to != from && Within(to, root))
            {
                Uses.TryAdd((from, to), $"{Name(handle)} → {Name(usedHandle)}");
            }
        }
    }

    private static bool Within(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>A nested type (a lambda's closure, an async state machine) belongs to the namespace of its outermost type.</summary>
    private string NamespaceOf(TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = metadata.GetTypeDefinition(outer);
        }
        return metadata.GetString(type.Namespace);
    }

    private string Name(TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = metadata.GetTypeDefinition(outer);
        }
        return metadata.GetString(type.Name);
    }

    private IEnumerable<TypeDefinitionHandle> AttributeTypes(CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => TypesOf(metadata.GetCustomAttribute(a).Constructor));

    private List<TypeDefinitionHandle> BodyTypes(MethodBodyBlock body)
    {
        var types = new List<TypeDefinitionHandle>();
        if (!body.LocalSignature.IsNil)
        {
            types.AddRange(metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(signatures, null).SelectMany(l => l));
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il.ReadByte());
            }
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    types.AddRange(TypesOf(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    il.Offset += 4;
                    break;
            }
        }
        return types;
    }

    /// <summary>The types of this assembly a handle names: a type, a member's declaring type and signature, a generic instance's arguments.</summary>
    private ImmutableArray<TypeDefinitionHandle> TypesOf(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return [];
        }
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [(TypeDefinitionHandle)handle];
            case HandleKind.TypeSpecification:
                return metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(signatures, null);
            case HandleKind.MethodDefinition:
                return [metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.FieldDefinition:
                return [metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.MethodSpecification:
                var specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                return [.. TypesOf(specification.Method), .. specification.DecodeSignature(signatures, null).SelectMany(t => t)];
            case HandleKind.MemberReference:
                var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                var parent = member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
                    ? TypesOf(member.Parent)
                    : [];
                if (member.GetKind() == MemberReferenceKind.Field)
                {
                    return [.. parent, .. member.DecodeFieldSignature(signatures, null)];
                }
                var method = member.DecodeMethodSignature(signatures, null);
                return [.. parent, .. method.ReturnType, .. method.ParameterTypes.SelectMany(p => p)];
            default: // a type of another assembly, a stand-alone signature
                return [];
        }
    }

    /// <summary>Decodes a signature into the types of this assembly it names.</summary>
    private sealed class Signatures : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(t => t)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            unmodifiedType;
    }
}
