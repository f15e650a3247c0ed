using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>Code in <paramref name="File"/> (of type <paramref name="User"/>) names the outside type <paramref name="Used"/>.</summary>
public sealed record TypeUse(string File, string User, string Used);

/// <summary>
/// Every outside type a compiled assembly names: in signatures (fields, parameters, returns, locals, base types,
/// interfaces), in method bodies (calls, allocations, casts, typeof) and in attributes. Reading the compiled code, not
/// the sources, also catches fully qualified names and global usings. Each use is traced to its source file through
/// the portable PDB, so that a rule can exempt some files.
/// </summary>
public static class TypeUses
{
    // The PDB record that lists the files of a type with no method bodies (interfaces, enums, plain records' parts).
    private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    public const string NoSourceFile = "(no source file)";

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .DistinctBy(o => o.Value)
        .ToDictionary(o => o.Value, o => o.OperandType);

    public static IReadOnlyList<TypeUse> Of(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        using var pdbFile = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(Path.ChangeExtension(assembly.Location, ".pdb")));
        var md = pe.GetMetadataReader();
        var pdb = pdbFile.GetMetadataReader();
        var names = new TypeNames(md);
        var uses = new HashSet<TypeUse>();

        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var user = Outermost(md, typeHandle);
            // Code the PDB places nowhere still counts, under a name no exemption matches.
            var typeFiles = FilesOf(md, pdb, typeHandle) is { Count: > 0 } found ? found : [NoSourceFile];
            void Add(IEnumerable<string> files, IEnumerable<string> used) =>
                uses.UnionWith(from file in files from name in used select new TypeUse(file, user, name));

            Add(typeFiles, names.Of(type.BaseType));
            Add(typeFiles, type.GetInterfaceImplementations().SelectMany(i => names.Of(md.GetInterfaceImplementation(i).Interface)));
            Add(typeFiles, names.Attributes(type.GetCustomAttributes()));
            Add(typeFiles, names.Constraints(type.GetGenericParameters()));
            foreach (var field in type.GetFields().Select(md.GetFieldDefinition))
                Add(typeFiles, field.DecodeSignature(names, null).AddRange(names.Attributes(field.GetCustomAttributes())));
            foreach (var property in type.GetProperties().Select(md.GetPropertyDefinition))
                Add(typeFiles, property.DecodeSignature(names, null).ReturnType.AddRange(names.Attributes(property.GetCustomAttributes())));

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var files = MethodFiles(md, pdb, methodHandle) is { Count: > 0 } own ? own : typeFiles;
                var signature = method.DecodeSignature(names, null);
                Add(files, signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(p => p)));
                Add(files, names.Attributes(method.GetCustomAttributes()));
                Add(files, method.GetParameters().SelectMany(p => names.Attributes(md.GetParameter(p).GetCustomAttributes())));
                Add(files, names.Constraints(method.GetGenericParameters()));
                if (method.RelativeVirtualAddress != 0)
                    Add(files, BodyUses(pe.GetMethodBody(method.RelativeVirtualAddress), md, names));
            }
        }

        return [.. uses];
    }

    private static IEnumerable<string> BodyUses(MethodBodyBlock body, MetadataReader md, TypeNames names)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var name in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null).SelectMany(l => l))
                yield return name;
        }

        foreach (var region in body.ExceptionRegions)
        {
            foreach (var name in names.Of(region.CatchType))
                yield return name;
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    foreach (var name in names.Of(MetadataTokens.EntityHandle(il.ReadInt32())))
                        yield return name;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }
    }

    /// <summary>The files of a type's own code; for code the compiler made (closures, state machines), its declaring type's.</summary>
    private static IReadOnlyList<string> FilesOf(MetadataReader md, MetadataReader pdb, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var files = type.GetMethods().SelectMany(m => MethodFiles(md, pdb, m))
            .Concat(pdb.GetCustomDebugInformation(handle).Select(pdb.GetCustomDebugInformation)
                .Where(info => pdb.GetGuid(info.Kind) == TypeDefinitionDocuments)
                .SelectMany(info => DocumentNames(pdb, info.Value)))
            .Distinct().ToList();
        return files.Count > 0 || type.GetDeclaringType().IsNil ? files : FilesOf(md, pdb, type.GetDeclaringType());
    }

    private static IReadOnlyList<string> MethodFiles(MetadataReader md, MetadataReader pdb, MethodDefinitionHandle handle) =>
        [.. pdb.GetMethodDebugInformation(handle).GetSequencePoints()
            .Select(point => pdb.GetString(pdb.GetDocument(point.Document).Name))
            .Distinct()];

    private static List<string> DocumentNames(MetadataReader pdb, BlobHandle blob)
    {
        var reader = pdb.GetBlobReader(blob);
        var names = new List<string>();
        while (reader.RemainingBytes > 0)
            names.Add(pdb.GetString(pdb.GetDocument(MetadataTokens.DocumentHandle(reader.ReadCompressedInteger())).Name));
        return names;
    }

    private static string Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        return type.GetDeclaringType() is { IsNil: false } declaring
            ? Outermost(md, declaring)
            : type.Namespace.IsNil ? md.GetString(type.Name) : $"{md.GetString(type.Namespace)}.{md.GetString(type.Name)}";
    }
}
