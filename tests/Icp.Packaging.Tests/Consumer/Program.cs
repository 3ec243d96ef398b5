// A user's program: start the in-process replica, install the Greeter canister (argument: its .wasm file), call it
// through the generated client in-process and over HTTP with the agent.
using Consumer.Greeter;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Replica;

await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0 });
var id = await ic.CreateCanisterAsync();
await ic.InstallCodeAsync(id, File.ReadAllBytes(args[0]), CandidSerializer.SerializeEmpty());

var inProcess = new GreeterClient(ic.AsTransport(), id);
string greeting = await inProcess.GreetAsync(new GreetArgs { Name = "packages", Times = 2 });

using var http = new HttpClient();
var agent = new IcpAgent(http, new IcpAgentOptions { Url = ic.Url!, Identity = Ed25519Identity.Generate(), IsLocalNetwork = true }, Bls12381Verifier.Shared);
var overHttp = new GreeterClient(agent, id);
string second = await overHttp.GreetAsync(new GreetArgs { Name = "agent", Times = 3 });
Nat count = await overHttp.CountAsync();

Console.WriteLine(greeting);
Console.WriteLine(second);
Console.WriteLine($"count {count}");
