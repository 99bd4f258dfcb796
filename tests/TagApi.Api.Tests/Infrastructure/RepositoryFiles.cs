namespace TagApi.Api.Tests.Infrastructure;

/// <summary>Finds committed files of the repository (api-specs/…) from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TagApi.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("TagApi.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Set <c>TAGAPI_UPDATE_SPECS=1</c> (scripts/update-specs.sh) to rewrite generated specs instead of checking them.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable("TAGAPI_UPDATE_SPECS") == "1";
}
