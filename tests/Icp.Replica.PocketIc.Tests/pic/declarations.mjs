// The canisters' Candid interfaces as JavaScript IDL factories: what `dfx generate` writes into declarations/.
export const counterIdlFactory = ({ IDL }) =>
  IDL.Service({
    inc: IDL.Func([], [IDL.Nat], []),
    get: IDL.Func([], [IDL.Nat], ['query']),
    whoami: IDL.Func([], [IDL.Principal], ['query']),
    getOwner: IDL.Func([], [IDL.Principal], ['query']),
    reset: IDL.Func([], [], []),
    addThenTrap: IDL.Func([IDL.Nat], [], []),
    remindIn: IDL.Func([IDL.Nat], [], []),
    reminderState: IDL.Func([], [IDL.Record({ reminders: IDL.Nat, lastReminderAt: IDL.Int })], ['query']),
    now: IDL.Func([], [IDL.Int], ['query']),
  });

export const counterInit = ({ IDL }) => [IDL.Nat];

export const relayIdlFactory = ({ IDL }) =>
  IDL.Service({
    incOther: IDL.Func([IDL.Principal], [IDL.Nat], []),
    resetOther: IDL.Func([IDL.Principal], [IDL.Text], []),
  });
