// Runs the everyday integrator flow through clients generated, unmodified, from
// api-specs/openapi/v1.json by NSwag and by Kiota (scripts/check-generated-clients.sh builds
// this in a temporary folder next to the generated code). Arguments: base URL, client id, secret.
using ClientCheck;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ClientCheck <base-url> <client-id> <client-secret>");
    return 2;
}

await NSwagFlow.RunAsync(args[0], args[1], args[2]);
Console.WriteLine("nswag: token, tag, upsert with attributes, tag it, list tags, segment query, typed problems: ok");
await KiotaFlow.RunAsync(args[0], args[1], args[2]);
Console.WriteLine("kiota: token, tag, upsert with attributes, tag it, list tags, segment query, typed problems: ok");
return 0;

namespace ClientCheck
{
    internal static class Check
    {
        public static void That(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("Check failed: " + what);
            }
        }
    }
}
