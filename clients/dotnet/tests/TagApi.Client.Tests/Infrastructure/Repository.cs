namespace TagApi.Client.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (found by walking up to TagApi.sln).</summary>
public static class Repository
{
    private static readonly string Root = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TagApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TagApi.sln not found above " + AppContext.BaseDirectory);
    }
}
