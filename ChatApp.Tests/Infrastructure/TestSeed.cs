namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// The seed of a randomised test: new on every run, so runs explore different schedules, and printed in
/// every failure so that a failing run can be replayed with <c>CHATAPP_TEST_SEED=&lt;seed&gt;</c>.
/// </summary>
public static class TestSeed
{
    public const string Variable = "CHATAPP_TEST_SEED";

    public static int Choose() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var fixedSeed) ? fixedSeed : Random.Shared.Next();

    public static string Describe(int seed) => $"seed {seed} (rerun with {Variable}={seed})";
}
