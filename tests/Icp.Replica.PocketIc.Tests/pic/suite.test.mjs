// A PicJS suite written the way @dfinity/pic users write theirs: one PocketIC server for the file, a fresh
// instance per test, canisters set up with setupCanister, actors called as different identities, time travel,
// upgrades, traps and inter-canister calls. Every assertion is one that holds against PocketIC itself.
// Run: POCKET_IC_BIN=<server binary or launcher> node --test --test-concurrency=1 suite.test.mjs
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PocketIc, PocketIcServer, createIdentity, SubnetStateType } from '@dfinity/pic';
import { IDL } from '@icp-sdk/core/candid';
import { Principal } from '@icp-sdk/core/principal';
import { Actor, HttpAgent } from '@icp-sdk/core/agent';
import { compile } from './build.mjs';
import { counterIdlFactory, counterInit, relayIdlFactory } from './declarations.mjs';

const counterWasm = compile('canisters/Counter.mo');
const relayWasm = compile('canisters/Relay.mo');
const initArg = n => IDL.encode(counterInit({ IDL }), [n]);
const keepMainMemory = { skip_pre_upgrade: [], wasm_memory_persistence: [{ keep: null }] };
const NANOS_PER_MS = 1_000_000n;

const alice = createIdentity('alice');
const bob = createIdentity('bob');

let server;
let pic;

before(async () => {
  server = await PocketIcServer.start({ showCanisterLogs: process.env.SHOW_CANISTER_LOGS === '1' });
});

after(async () => {
  await server?.stop();
});

describe('Counter', () => {
  let actor;
  let canisterId;

  beforeEach(async () => {
    pic = await PocketIc.create(server.getUrl());
    ({ actor, canisterId } = await pic.setupCanister({ idlFactory: counterIdlFactory, wasm: counterWasm, arg: initArg(10n), sender: alice.getPrincipal() }));
  });

  afterEach(async () => {
    await pic.tearDown();
  });

  it('answers updates and queries', async () => {
    assert.equal(await actor.inc(), 11n);
    assert.equal(await actor.inc(), 12n);
    assert.equal(await actor.get(), 12n);
  });

  it('sees the caller of each identity', async () => {
    assert.ok((await actor.whoami()).isAnonymous());
    actor.setIdentity(bob);
    assert.equal((await actor.whoami()).toText(), bob.getPrincipal().toText());
    actor.setPrincipal(alice.getPrincipal());
    assert.equal((await actor.whoami()).toText(), alice.getPrincipal().toText());
    assert.equal((await actor.getOwner()).toText(), alice.getPrincipal().toText());
  });

  it('lets only the owner reset, and a rejected call changes nothing', async () => {
    await actor.inc();
    actor.setIdentity(bob);
    await assert.rejects(actor.reset(), err => {
      assert.match(err.message, new RegExp(`only the owner may reset the counter, not ${bob.getPrincipal().toText()}`));
      assert.match(err.message, /Reject code: CanisterError/);
      assert.match(err.message, /Error code: CanisterCalledTrap/);
      return true;
    });
    assert.equal(await actor.get(), 11n);
    actor.setIdentity(alice);
    await actor.reset();
    assert.equal(await actor.get(), 0n);
  });

  it('rolls back the state of a message that traps', async () => {
    await assert.rejects(actor.addThenTrap(5n), /refusing to add 5/);
    assert.equal(await actor.get(), 10n);
  });

  it('fires a timer only once time has travelled far enough', async () => {
    await actor.remindIn(60n);
    await pic.advanceTime(30_000);
    await pic.tick(2);
    assert.equal((await actor.reminderState()).reminders, 0n);

    await pic.advanceTime(31_000);
    await pic.tick(2);
    const travelledTo = BigInt(await pic.getTime()) * NANOS_PER_MS;
    const state = await actor.reminderState();
    assert.equal(state.reminders, 1n);
    assert.ok(state.lastReminderAt >= travelledTo - 1_000_000_000n && state.lastReminderAt <= travelledTo + 1_000_000_000n,
      `the timer ran at ${state.lastReminderAt}, expected about ${travelledTo}`);
  });

  it('shows canisters the time that was set', async () => {
    const target = new Date('2030-01-01T00:00:00Z');
    await pic.setTime(target);
    await pic.tick();
    assert.equal(await pic.getTime(), target.getTime());
    const now = await actor.now();
    assert.ok(now >= BigInt(target.getTime()) * NANOS_PER_MS && now < (BigInt(target.getTime()) + 1000n) * NANOS_PER_MS, `canister time ${now}`);
    await assert.rejects(pic.setTime(target.getTime() - 1000), /SettingTimeIntoPast/);
  });

  it('keeps its state across an upgrade and loses it on reinstall', async () => {
    await actor.inc();
    await actor.inc();
    await assert.rejects(pic.upgradeCanister({ canisterId, wasm: counterWasm, arg: initArg(0n), sender: alice.getPrincipal() }),
      /Missing upgrade option: Enhanced orthogonal persistence requires the `wasm_memory_persistence` upgrade option/);
    await pic.upgradeCanister({ canisterId, wasm: counterWasm, arg: initArg(0n), sender: alice.getPrincipal(), upgradeModeOptions: keepMainMemory });
    assert.equal(await actor.get(), 12n);
    assert.equal(await actor.inc(), 13n);

    await pic.reinstallCode({ canisterId, wasm: counterWasm, arg: initArg(7n), sender: alice.getPrincipal() });
    assert.equal(await actor.get(), 7n);
  });

  it('refuses an upgrade by someone who is not a controller', async () => {
    await assert.rejects(pic.upgradeCanister({ canisterId, wasm: counterWasm, arg: initArg(0n), sender: bob.getPrincipal(), upgradeModeOptions: keepMainMemory }),
      /Error code: CanisterInvalidController/);
    assert.deepEqual((await pic.getControllers(canisterId)).map(p => p.toText()), [alice.getPrincipal().toText()]);
  });

  it('runs submitted calls when they are awaited', async () => {
    const deferred = pic.createDeferredActor(counterIdlFactory, canisterId);
    const first = await deferred.inc();
    const second = await deferred.inc();
    assert.equal(await actor.get(), 10n, 'submitted calls have not run yet');
    assert.equal(await first(), 11n);
    assert.equal(await second(), 12n);
    assert.equal(await actor.get(), 12n);
  });

  it('rejects calls to a stopped canister until it starts again', async () => {
    await pic.stopCanister({ canisterId, sender: alice.getPrincipal() });
    await assert.rejects(actor.inc(), /Error code: CanisterStopped/);
    await pic.startCanister({ canisterId, sender: alice.getPrincipal() });
    assert.equal(await actor.inc(), 11n);
  });

  it('keeps cycles that tests read and add', async () => {
    const before = await pic.getCyclesBalance(canisterId);
    assert.ok(before > 0n);
    const after = await pic.addCycles(canisterId, 5_000_000_000_000n);
    assert.equal(after, before + 5_000_000_000_000n);
  });

  it('refuses calls while the canister is out of cycles, and takes them again once it can pay', async () => {
    // A freezing threshold of 2^64 - 1 seconds reserves more than any balance: the canister is frozen.
    await pic.updateCanisterSettings({ canisterId, sender: alice.getPrincipal(), freezingThreshold: 2n ** 64n - 1n });
    await assert.rejects(actor.inc(), err => {
      assert.match(err.message, new RegExp(`Canister ${canisterId.toText()} is out of cycles`));
      assert.match(err.message, /Error code: CanisterOutOfCycles/);
      return true;
    });
    await assert.rejects(actor.get(), new RegExp(`Canister ${canisterId.toText()} is unable to process query calls because it's frozen`));
    await pic.updateCanisterSettings({ canisterId, sender: alice.getPrincipal(), freezingThreshold: 2_592_000n });
    assert.equal(await actor.inc(), 11n);
  });

  it('writes and reads stable memory in whole pages', async () => {
    const data = new Uint8Array([...Array(70_000).keys()].map(i => i % 251));
    await pic.setStableMemory(canisterId, data);
    const memory = await pic.getStableMemory(canisterId);
    assert.equal(memory.length, 2 * 65_536);
    assert.deepEqual(memory.subarray(0, data.length), data);
    assert.ok(memory.subarray(data.length).every(b => b === 0));
  });

  it('talks to agents through an HTTP gateway when live', async () => {
    const port = await pic.makeLive();
    try {
      const agent = await HttpAgent.create({ host: `http://127.0.0.1:${port}`, identity: bob, shouldFetchRootKey: true });
      const live = Actor.createActor(counterIdlFactory, { agent, canisterId });
      assert.equal(await live.inc(), 11n);
      assert.equal(await live.get(), 11n);
      assert.equal((await live.whoami()).toText(), bob.getPrincipal().toText());
    } finally {
      await pic.stopLive();
    }
  });
});

describe('Relay', () => {
  beforeEach(async () => {
    pic = await PocketIc.create(server.getUrl());
  });

  afterEach(async () => {
    await pic.tearDown();
  });

  it('calls another canister, whose owner check sees the relay as the caller', async () => {
    const counter = await pic.setupCanister({ idlFactory: counterIdlFactory, wasm: counterWasm, arg: initArg(0n), sender: alice.getPrincipal() });
    const relay = await pic.setupCanister({ idlFactory: relayIdlFactory, wasm: relayWasm });
    assert.equal(await relay.actor.incOther(counter.canisterId), 1n);
    assert.equal(await relay.actor.incOther(counter.canisterId), 2n);
    assert.equal(await counter.actor.get(), 2n);
    const message = await relay.actor.resetOther(counter.canisterId);
    assert.match(message, new RegExp(`only the owner may reset the counter, not ${relay.canisterId.toText()}`));
    assert.equal(await counter.actor.get(), 2n);
  });
});

describe('Topology', () => {
  afterEach(async () => {
    await pic.tearDown();
  });

  it('has one application subnet by default, which hosts new canisters', async () => {
    pic = await PocketIc.create(server.getUrl());
    const subnets = await pic.getApplicationSubnets();
    assert.equal(subnets.length, 1);
    assert.equal((await pic.getTopology()).length, 1);
    const canisterId = await pic.createCanister();
    assert.equal(canisterId.toText(), 'lxzze-o7777-77777-aaaaa-cai');
    assert.equal((await pic.getCanisterSubnetId(canisterId)).toText(), subnets[0].id.toText());
    assert.equal((await pic.getDefaultEffectiveCanisterId()).toText(), 'lxzze-o7777-77777-aaaaa-cai');
    const key = await pic.getPubKey(subnets[0].id);
    assert.equal(key.length, 133, 'a DER BLS12-381 public key');
  });

  it('creates canisters on a target subnet and with a specified id', async () => {
    pic = await PocketIc.create(server.getUrl());
    const [subnet] = await pic.getApplicationSubnets();
    const onSubnet = await pic.createCanister({ targetSubnetId: subnet.id });
    assert.equal((await pic.getCanisterSubnetId(onSubnet)).toText(), subnet.id.toText());
    const wanted = Principal.fromUint8Array(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xe0, 0x00, 0x42, 0x01, 0x01]));
    const specified = await pic.createCanister({ targetCanisterId: wanted });
    assert.equal(specified.toText(), wanted.toText());
    await pic.installCode({ canisterId: specified, wasm: counterWasm, arg: initArg(3n) });
    const actor = pic.createActor(counterIdlFactory, specified);
    assert.equal(await actor.inc(), 4n);
  });

  it('runs an NNS subnet when asked for one', async () => {
    pic = await PocketIc.create(server.getUrl(), { nns: { state: { type: SubnetStateType.New } }, application: [] });
    const nns = await pic.getNnsSubnet();
    assert.ok(nns);
    assert.equal((await pic.getApplicationSubnets()).length, 0);
    const ledger = Principal.fromText('ryjl3-tyaaa-aaaaa-aaaba-cai');
    assert.equal((await pic.createCanister({ targetCanisterId: ledger })).toText(), ledger.toText());
    assert.equal((await pic.getCanisterSubnetId(ledger)).toText(), nns.id.toText());
  });
});
