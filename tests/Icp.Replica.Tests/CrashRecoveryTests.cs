using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Xunit.Abstractions;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// The standalone replica (<c>dotnet Icp.Replica.dll --port 0 --state-dir DIR</c>) is killed with SIGKILL at random
/// points while several clients stream update calls; restarted on the same directory, it has every call it answered,
/// exactly once: each call's request status is read by id, the counter equals the replied calls, and re-submitting the
/// signed envelope of an answered call does not execute it again.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 10;
    private const int Clients = 4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "icp-replica-crash-" + Guid.NewGuid().ToString("N"));

    private sealed class SentCall(Envelope envelope)
    {
        public Envelope Envelope { get; } = envelope;
        public volatile bool Answered;
    }

    [Fact]
    public async Task A_killed_replica_restarts_with_every_answered_call_exactly_once()
    {
        int seed = Environment.GetEnvironmentVariable("ICP_CRASH_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 20261129;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);

        // The canister is installed in-process; the process then starts from the same directory.
        Principal counter;
        await using (var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { StateDirectory = _dir }))
            counter = await ic.InstallAsync("Counter");

        var user = Ed25519Identity.Generate();
        var previous = new List<SentCall>();
        ulong replied = 0;
        int answeredTotal = 0, resolvedInFlight = 0;
        for (int round = 0; round <= Kills; round++)
        {
            using var process = StartReplica(out var url);
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            var agent = new IcpAgent(new HttpClient(), new IcpAgentOptions { Url = url, Identity = user, IsLocalNetwork = true, MaxRetries = 0 }, Bls12381Verifier.Shared);

            // Every call of the run before: answered ones must be replied; those cut off in flight either are or are unknown.
            foreach (var call in previous)
            {
                var status = await agent.RequestStatusAsync(counter, call.Envelope.Content.RequestId);
                if (call.Answered) Assert.Equal(RequestStatusKind.Replied, status.Kind);
                else Assert.True(status.Kind is RequestStatusKind.Replied or RequestStatusKind.Unknown, $"a call cut off by the kill is {status.Kind}");
                if (status.Kind == RequestStatusKind.Replied)
                {
                    replied++;
                    if (!call.Answered) resolvedInFlight++;
                }
            }
            Assert.Equal(replied, await agent.QueryAsync(counter, "get", NoArgs).NatAsync());

            // Replays of answered calls are answered from their status and not executed again.
            foreach (var call in previous.Where(c => c.Answered).Take(20))
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, counter, call.Envelope)).Status);
            Assert.Equal(replied, await agent.QueryAsync(counter, "get", NoArgs).NatAsync());
            if (round == Kills)
            {
                process.Kill();
                break;
            }

            var sent = new ConcurrentQueue<SentCall>();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var call = new SentCall(Envelope.Sign(HttpReplica.Call(user, counter, "inc", expiry: TimeSpan.FromMinutes(4)), user));
                    sent.Enqueue(call);
                    try
                    {
                        var (status, _) = await PostAsync(http, counter, call.Envelope);
                        if (status == HttpStatusCode.OK) call.Answered = true;
                        else if (status != HttpStatusCode.Accepted) Assert.Fail($"a call was answered {status}");
                    }
                    catch (HttpRequestException)
                    {
                        return; // the replica is gone
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();
            // Kill mid-stream: once answers flow, after a random while.
            var flowing = Stopwatch.StartNew();
            while (!sent.Any(c => c.Answered) && flowing.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
            await Task.Delay(random.Next(50, 1500));
            process.Kill(); // SIGKILL
            await process.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
            previous = [.. sent];
            answeredTotal += previous.Count(c => c.Answered);
            output.WriteLine($"run {round}: {previous.Count} calls sent, {previous.Count(c => c.Answered)} answered before the kill");
        }
        output.WriteLine($"{answeredTotal} answered, {resolvedInFlight} more replied though cut off in flight, counter {replied}");
        Assert.True(answeredTotal > Kills, "the clients got too few answers for the test to mean anything");
    }

    private static async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(HttpClient http, Principal canister, Envelope envelope)
    {
        using var content = new ByteArrayContent(envelope.ToCbor());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cbor");
        using var response = await http.PostAsync($"api/v3/canister/{canister}/call", content);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private Process StartReplica(out Uri url)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Icp.Replica.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--port", "0", "--state-dir", _dir }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the replica");
        try
        {
            const string Prefix = "Icp.Replica listening on ";
            var read = Task.Run(() =>
            {
                while (process.StandardOutput.ReadLine() is { } line)
                    if (line.StartsWith(Prefix, StringComparison.Ordinal)) return new Uri(line[Prefix.Length..]);
                throw new InvalidOperationException($"the replica exited: {process.StandardError.ReadToEnd()}");
            });
            if (!read.Wait(TimeSpan.FromSeconds(120))) throw new TimeoutException("the replica printed no URL within 120 s");
            url = read.Result;
            // Keep draining its output (canister prints) so the pipe never fills.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            return process;
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
