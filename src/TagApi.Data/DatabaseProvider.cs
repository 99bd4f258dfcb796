namespace TagApi.Data;

/// <summary>The database engines TagApi runs on, chosen by <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}
