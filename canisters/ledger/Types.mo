/// The ledger's public types, named and shaped as in the ICRC-1, ICRC-2 and ICRC-3 .did files.
import V "../common/Value";

module {
  public type Timestamp = Nat64;
  public type Subaccount = Blob;
  public type Account = { owner : Principal; subaccount : ?Subaccount };

  public type InitArgs = {
    minting_account : Account;
    initial_balances : [(Account, Nat)];
    transfer_fee : Nat;
    token_name : Text;
    token_symbol : Text;
    decimals : Nat8;
  };

  public type MetadataValue = { #Nat : Nat; #Int : Int; #Text : Text; #Blob : Blob };

  public type TransferArg = {
    from_subaccount : ?Subaccount;
    to : Account;
    amount : Nat;
    fee : ?Nat;
    memo : ?Blob;
    created_at_time : ?Timestamp;
  };

  public type TransferError = {
    #BadFee : { expected_fee : Nat };
    #BadBurn : { min_burn_amount : Nat };
    #InsufficientFunds : { balance : Nat };
    #TooOld;
    #CreatedInFuture : { ledger_time : Timestamp };
    #Duplicate : { duplicate_of : Nat };
    #TemporarilyUnavailable;
    #GenericError : { error_code : Nat; message : Text };
  };

  public type TransferResult = { #Ok : Nat; #Err : TransferError };

  public type ApproveArgs = {
    from_subaccount : ?Subaccount;
    spender : Account;
    amount : Nat;
    expected_allowance : ?Nat;
    expires_at : ?Timestamp;
    fee : ?Nat;
    memo : ?Blob;
    created_at_time : ?Timestamp;
  };

  public type ApproveError = {
    #BadFee : { expected_fee : Nat };
    #InsufficientFunds : { balance : Nat };
    #AllowanceChanged : { current_allowance : Nat };
    #Expired : { ledger_time : Timestamp };
    #TooOld;
    #CreatedInFuture : { ledger_time : Timestamp };
    #Duplicate : { duplicate_of : Nat };
    #TemporarilyUnavailable;
    #GenericError : { error_code : Nat; message : Text };
  };

  public type ApproveResult = { #Ok : Nat; #Err : ApproveError };

  public type TransferFromArgs = {
    spender_subaccount : ?Subaccount;
    from : Account;
    to : Account;
    amount : Nat;
    fee : ?Nat;
    memo : ?Blob;
    created_at_time : ?Timestamp;
  };

  public type TransferFromError = {
    #BadFee : { expected_fee : Nat };
    #BadBurn : { min_burn_amount : Nat };
    #InsufficientFunds : { balance : Nat };
    #InsufficientAllowance : { allowance : Nat };
    #TooOld;
    #CreatedInFuture : { ledger_time : Timestamp };
    #Duplicate : { duplicate_of : Nat };
    #TemporarilyUnavailable;
    #GenericError : { error_code : Nat; message : Text };
  };

  public type TransferFromResult = { #Ok : Nat; #Err : TransferFromError };

  public type AllowanceArgs = { account : Account; spender : Account };
  public type Allowance = { allowance : Nat; expires_at : ?Timestamp };

  public type StandardRecord = { name : Text; url : Text };

  public type GetArchivesArgs = { from : ?Principal };
  public type GetArchivesResult = [{ canister_id : Principal; start : Nat; end : Nat }];

  public type GetBlocksArgs = [{ start : Nat; length : Nat }];
  public type GetBlocksResult = {
    log_length : Nat;
    blocks : [{ id : Nat; block : V.Value }];
    archived_blocks : [{ args : GetBlocksArgs; callback : shared query GetBlocksArgs -> async GetBlocksResult }];
  };

  public type DataCertificate = { certificate : Blob; hash_tree : Blob };

  public type BlockType = { block_type : Text; url : Text };
};
