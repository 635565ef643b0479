using Mono.Cecil;

// Usage: MLNetInternals <input Microsoft.ML.Core.dll> <output dll>
//
// ML.NET's loadable-component contract (LoadableClassAttribute, SignatureLoadModel, ModelLoadContext, VersionInfo,
// ModelSaveContext's writer) is internal to Microsoft.ML.Core and shared with ML.NET's own packages as "best
// friends". Pneumonia.ML compiles against the copy this tool writes, where the types and members in Microsoft.ML
// namespaces are public, and declares [IgnoresAccessChecksTo("Microsoft.ML.Core")], which .NET honours at run time
// against the real, unchanged assembly. Only the compile-time reference changes; nothing of it ships.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MLNetInternals <input Microsoft.ML.Core.dll> <output dll>");
    return 2;
}

var resolver = new DefaultAssemblyResolver();
resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(args[0]))!);
using (AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(args[0], new ReaderParameters { AssemblyResolver = resolver }))
{
    foreach (TypeDefinition type in assembly.MainModule.GetTypes())
    {
        if (!Opens(type)) continue;
        type.Attributes = (type.Attributes & ~TypeAttributes.VisibilityMask) |
            (type.IsNested ? TypeAttributes.NestedPublic : TypeAttributes.Public);
        foreach (MethodDefinition method in type.Methods)
            if (!method.IsPrivate || !method.Name.Contains('.')) // explicit interface implementations stay as they are
                method.Attributes = (method.Attributes & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Public;
        foreach (FieldDefinition field in type.Fields)
            if (!field.Name.Contains('<'))
                field.Attributes = (field.Attributes & ~FieldAttributes.FieldAccessMask) | FieldAttributes.Public;
    }
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    assembly.Write(args[1]);
}
return 0;

// Types of ML.NET's own namespaces, without compiler-generated ones and without the polyfills the assembly carries
// for netstandard2.0 (System.*), which would clash with the framework's.
static bool Opens(TypeDefinition type)
{
    for (TypeDefinition? t = type; t is not null; t = t.DeclaringType)
        if (t.Name.Contains('<')) return false;
    TypeDefinition outer = type;
    while (outer.DeclaringType is not null) outer = outer.DeclaringType;
    return outer.Namespace.StartsWith("Microsoft.ML", StringComparison.Ordinal);
}
