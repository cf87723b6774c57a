using System.Globalization;
using System.Runtime.CompilerServices;

namespace CapabilityOps.Testing;

/// <summary>
/// Pure tests (a Decide, a rule, a fold) render the messages they check in English, as the API tests read them
/// (ApiFixture.Client sends Accept-Language: en); tests of the Chinese default name their language.
/// Compiled into every test assembly (tests/Directory.Build.props).
/// </summary>
internal static class EnglishByDefault
{
#pragma warning disable CA2255 // a test assembly is not a library: this runs before its first test
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en");
}
