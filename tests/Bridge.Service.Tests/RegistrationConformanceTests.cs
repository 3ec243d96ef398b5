namespace Bridge.Service.Tests;

/// <summary>Every registration case of <c>registration.json</c> through the real <c>POST /v1/nodes</c> in its context.</summary>
public sealed class RegistrationConformanceTests
{
    public static TheoryData<string> Cases => new(Conformance.RegistrationCases.Select(c => (string)c["name"]!));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Registration_case_gets_the_expected_answer_in_its_context(string name)
    {
        var testCase = Conformance.RegistrationCase(name);
        var context = Conformance.Registration["contexts"]![(string)testCase["context"]!]!.AsObject();
        await using var bridge = await TestBridge.StartAsync(1_795_961_000_000_000_000, new Dictionary<string, string>
        {
            ["Bridge:NetworkId"] = (string)context["network_id"]!,
        });
        foreach (var node in context["nodes"]!.AsArray())
        {
            using var registered = await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody((string)node!["key"]!)));
            Assert.Equal(201, (int)registered.StatusCode);
        }

        var before = await bridge.Store.CountAsync();
        using var response = await bridge.Http.PostAsync("/v1/nodes", Conformance.Content(testCase));
        var expected = testCase["expected"]!.AsObject();
        int status = (int)expected["status"]!;
        Assert.Equal(status, (int)response.StatusCode);
        var body = await Conformance.ReadObjectAsync(response);
        if (expected["code"] is { } code)
        {
            Assert.Equal("application/problem+json", Conformance.MediaType(response)?.MediaType);
            Assert.Equal((string)code!, (string?)body["code"]);
        }
        if (expected["body"] is { } expectedBody) Assert.True(Conformance.SameJson(expectedBody, body), $"{name}: {body.ToJsonString()}");
        var after = await bridge.Store.CountAsync();
        Assert.Equal(before.Nodes + (status == 201 ? 1 : 0), after.Nodes);
    }
}
