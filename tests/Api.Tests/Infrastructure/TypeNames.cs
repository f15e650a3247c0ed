using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The full names of the outside types that a metadata handle or signature names (generic arguments included). The
/// assembly's own types give no names: their signatures and bodies are read where they are declared.
/// </summary>
internal sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<string>, object?>
{
    public ImmutableArray<string> Of(EntityHandle handle) => handle.IsNil ? [] : handle.Kind switch
    {
        HandleKind.TypeReference => [Name((TypeReferenceHandle)handle)],
        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        HandleKind.MemberReference => OfMember(md.GetMemberReference((MemberReferenceHandle)handle)),
        HandleKind.MethodSpecification => OfMethodSpecification(md.GetMethodSpecification((MethodSpecificationHandle)handle)),
        HandleKind.StandaloneSignature => OfSignature(md.GetStandaloneSignature((StandaloneSignatureHandle)handle)),
        _ => [],
    };

    public IEnumerable<string> Attributes(CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => Of(md.GetCustomAttribute(a).Constructor));

    public IEnumerable<string> Constraints(GenericParameterHandleCollection parameters) =>
        parameters.SelectMany(p => md.GetGenericParameter(p).GetConstraints())
            .SelectMany(c => Of(md.GetGenericParameterConstraint(c).Type));

    public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [Name(handle)];

    public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [];

    public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
        genericType.AddRange(typeArguments.SelectMany(a => a));

    public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
        unmodifiedType.AddRange(modifier);

    public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) => [.. Flatten(signature)];

    public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

    public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];

    public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];

    public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

    private ImmutableArray<string> OfMember(MemberReference member) => member.GetKind() == MemberReferenceKind.Method
        ? Of(member.Parent).AddRange(Flatten(member.DecodeMethodSignature(this, null)))
        : Of(member.Parent).AddRange(member.DecodeFieldSignature(this, null));

    private ImmutableArray<string> OfMethodSpecification(MethodSpecification method) =>
        Of(method.Method).AddRange(method.DecodeSignature(this, null).SelectMany(a => a));

    private ImmutableArray<string> OfSignature(StandaloneSignature signature) => signature.GetKind() == StandaloneSignatureKind.Method
        ? [.. Flatten(signature.DecodeMethodSignature(this, null))]
        : [.. signature.DecodeLocalSignature(this, null).SelectMany(l => l)];

    private static IEnumerable<string> Flatten(MethodSignature<ImmutableArray<string>> signature) =>
        signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p));

    private string Name(TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference ? $"{Name((TypeReferenceHandle)type.ResolutionScope)}+{name}"
            : type.Namespace.IsNil ? name
            : $"{md.GetString(type.Namespace)}.{name}";
    }
}
