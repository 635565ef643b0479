// ML.NET's loadable-component contract is internal to Microsoft.ML.Core (docs/design.md): this attribute, which
// the .NET runtime honours, lets this assembly use it. The compiler sees it through eng/MLNetInternals' copy.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]

namespace System.Runtime.CompilerServices;

/// <summary>Tells the runtime to skip visibility checks from this assembly into the named one.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    public string AssemblyName { get; }
}
