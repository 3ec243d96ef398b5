using System.Text.Json.Nodes;

namespace Bridge.Service.Tests;

/// <summary>
/// Every intake case of <c>receipts.json</c> through the real <c>POST /v1/receipts</c> in its context: the nodes
/// registered and the receipts stored through the API, the clock at the context's time; then status, <c>code</c>
/// and the body of 200/202 compared, and a refused receipt shown to store nothing.
/// </summary>
public sealed class IntakeConformanceTests
{
    private static readonly ulong MainNow = Conformance.Nanos(Conformance.Receipts["contexts"]!["main"]!["now_ns"]);

    public static TheoryData<string> Cases => new(Conformance.IntakeCases.Select(c => (string)c["name"]!));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Intake_case_gets_the_expected_answer_in_its_context(string name)
    {
        var testCase = Conformance.IntakeCase(name);
        var context = Conformance.Receipts["contexts"]![(string)testCase["context"]!]!.AsObject();
        await using var bridge = await StartInContextAsync(context);

        var before = await bridge.Store.CountAsync();
        using var response = await bridge.Http.PostAsync("/v1/receipts", Conformance.Content(testCase));
        var expected = testCase["expected"]!.AsObject();
        int status = (int)expected["status"]!;
        Assert.Equal(status, (int)response.StatusCode);
        var body = await Conformance.ReadObjectAsync(response);
        if (expected["code"] is { } code)
        {
            Assert.Equal("application/problem+json", Conformance.MediaType(response)?.MediaType);
            Assert.Equal((string)code!, (string?)body["code"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)body["detail"]));
        }
        if (expected["body"] is { } expectedBody) Assert.True(Conformance.SameJson(expectedBody, body), $"{name}: {body.ToJsonString()}");

        var after = await bridge.Store.CountAsync();
        Assert.Equal(before.Receipts + (status == 202 ? 1 : 0), after.Receipts);
        Assert.Equal(before.Nodes, after.Nodes);
        Assert.Equal(before.Batches, after.Batches);
    }

    internal static async Task<TestBridge> StartInContextAsync(JsonObject context)
    {
        var bridge = await TestBridge.StartAsync(MainNow, new Dictionary<string, string>
        {
            ["Bridge:NetworkId"] = (string)context["network_id"]!,
            ["Intake:MaxReceiptAge"] = TimeSpan.FromTicks((long)(Conformance.Nanos(context["max_receipt_age_ns"]) / 100)).ToString("c"),
        });
        try
        {
            foreach (var node in context["nodes"]!.AsArray())
            {
                using var registered = await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody((string)node!["key"]!)));
                Assert.Equal(201, (int)registered.StatusCode);
            }
            foreach (var accepted in context["accepted"]!.AsArray())
            {
                using var stored = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(Conformance.AcceptedBody((string)accepted!["receipt_hash"]!)));
                Assert.Equal(202, (int)stored.StatusCode);
            }
            bridge.SetNow(Conformance.Nanos(context["now_ns"]));
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
    }
}
