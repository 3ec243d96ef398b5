using System.Reflection;
using Icp.Testing;

namespace Bridge.CrashTests.Processes;

/// <summary>Where the build output of the programs run as child processes is: this configuration's.</summary>
internal static class BuiltPrograms
{
    public static string BridgeService => Program("Bridge.Service");

    public static string Replica => Program("Icp.Replica");

    private static string Program(string project)
    {
        var metadata = typeof(BuiltPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        string path = Path.Combine(RepositoryPaths.Root, "src", project, "bin", metadata["Configuration"]!, metadata["TargetFramework"]!, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build {project} in this configuration", path);
    }
}
