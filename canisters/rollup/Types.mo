/// The rollup canister's public types. Field names are the Candid names (snake_case) because
/// they are the interface in candid/rollup.did.
module {
  public type InitArgs = {
    /// The only principal that may submit batches and epochs: the bridge's poster identity.
    poster : Principal;
    /// How long a batch stays open to claims after it is accepted.
    challenge_window_ns : Nat64;
    /// May change the poster, the window and the owner.
    owner : Principal;
  };

  public type Config = InitArgs;

  public type ConfigUpdate = {
    poster : ?Principal;
    challenge_window_ns : ?Nat64;
    owner : ?Principal;
  };

  public type ConfigError = { #Unauthorized };

  /// The commitment to one batch of receipts: the RFC 6962 root over `receipt_count` leaves, linked to
  /// the previous batch's root, with the batch's totals and its time window.
  public type BatchHeader = {
    sequence : Nat64;
    previous_root : Blob;
    root : Blob;
    receipt_count : Nat64;
    total_fees : Nat;
    total_gpu_seconds : Nat;
    window_start_ns : Nat64;
    window_end_ns : Nat64;
  };

  public type BatchStatus = {
    #Pending : { final_after_ns : Nat64 };
    #Final;
    #Rejected : { reason : Text };
  };

  public type BatchRecord = {
    header : BatchHeader;
    submitted_at_ns : Nat64;
    final_after_ns : Nat64;
    status : BatchStatus;
  };

  public type SubmitError = {
    #Unauthorized;
    /// Another header was already accepted for this sequence.
    #Conflict;
    /// The next acceptable sequence is `expected`.
    #OutOfOrder : { expected : Nat64 };
    /// `previous_root` is not the root of batch sequence - 1 (32 zero bytes before the first).
    #PreviousRootMismatch : { expected : Blob };
    #InvalidHeader : { reason : Text };
  };

  public type SubmitResult = { #Ok : Nat64; #Err : SubmitError };

  public type CertifiedLastBatch = {
    sequence : Nat64;
    root : Blob;
    /// The IC certificate whose certified_data is SHA-256(sequence as 8 bytes big-endian ‖ root).
    certificate : ?Blob;
  };

  /// An epoch's reward distribution: batches first_batch..last_batch (inclusive, contiguous with
  /// the previous epoch) and the Merkle root of its payout lines.
  public type EpochHeader = {
    epoch : Nat64;
    first_batch : Nat64;
    last_batch : Nat64;
    distribution_root : Blob;
    total_payout : Nat;
    token : Principal;
  };

  public type EpochError = {
    #Unauthorized;
    #Conflict;
    #OutOfOrder : { expected : Nat64 };
    /// The epoch must start right after the previous epoch's last batch.
    #NotContiguous : { expected_first_batch : Nat64 };
    #UnknownBatch : { sequence : Nat64 };
    /// The batch is still in its challenge window.
    #BatchNotFinal : { sequence : Nat64 };
    #InvalidEpoch : { reason : Text };
  };

  public type EpochResult = { #Ok; #Err : EpochError };

  /// An ICRC-1 account, as the receipt's requester.
  public type Account = { owner : Principal; subaccount : ?Blob };

  /// The receipt a Merkle leaf carries. Leaf bytes are the Candid encoding (DIDL, one value) of this
  /// record; the leaf hash is SHA-256(0x00 ‖ those bytes). Each leaf can be checked alone: the
  /// receipt hash from its own fields, both signatures with its own keys, the fee payment at
  /// `fee_block`. See canisters/README.md and BRIDGE-PROTOCOL.md section 4.
  public type ReceiptLeaf = {
    network_id : Text;
    receipt_id : Text;
    task_id : Text;
    /// The GPU node: the self-authenticating principal of its registered key.
    provider : Principal;
    /// The account that receives the provider's rewards (the node's operator).
    provider_owner : Principal;
    /// The node's registered public key (DER), whose self-authenticating principal is `provider`.
    provider_public_key : Blob;
    requester : Account;
    /// The requester's public key (DER) when it countersigned.
    requester_public_key : ?Blob;
    workload : Text;
    gpu_model : Text;
    gpu_seconds : Nat64;
    started_at_ns : Nat64;
    ended_at_ns : Nat64;
    fee_token : Principal;
    fee_amount : Nat;
    /// The ledger block of the fee payment, when there was one.
    fee_block : ?Nat;
    result_hash : Blob;
    /// The receipt's representation-independent hash, which the provider signed and the requester
    /// countersigned.
    receipt_hash : Blob;
    provider_signature : Blob;
    requester_signature : ?Blob;
  };

  /// The fields every leaf has carried, before provider_public_key, requester_public_key and
  /// fee_block were added: what claims read. A ReceiptLeaf is one (Candid record subtyping ignores
  /// the extra fields), and so are the leaves of batches posted before the fields existed.
  public type ClaimedLeaf = {
    network_id : Text;
    receipt_id : Text;
    task_id : Text;
    provider : Principal;
    provider_owner : Principal;
    requester : Account;
    workload : Text;
    gpu_model : Text;
    gpu_seconds : Nat64;
    started_at_ns : Nat64;
    ended_at_ns : Nat64;
    fee_token : Principal;
    fee_amount : Nat;
    result_hash : Blob;
    receipt_hash : Blob;
    provider_signature : Blob;
    requester_signature : ?Blob;
  };

  /// Proof that `leaf` (the receipt's leaf bytes, not their hash) is leaf `leaf_index` of a batch.
  /// The tree size is the batch header's receipt_count; `path` is the RFC 9162 audit path, from the
  /// leaf's sibling up to the child of the root.
  public type InclusionProof = {
    leaf : Blob;
    leaf_index : Nat64;
    path : [Blob];
  };

  public type ReceiptInBatch = { batch : Nat64; proof : InclusionProof };

  public type Claim = {
    /// One receipt (same provider and receipt_id) at two different leaves: in one batch or in two.
    #DuplicateReceipt : { first : ReceiptInBatch; second : ReceiptInBatch };
    /// A receipt whose requester is its provider or the provider's owner.
    #SelfDealing : ReceiptInBatch;
  };

  public type ClaimOutcome = { rejected_batch : Nat64; reason : Text };

  public type ClaimError = {
    #UnknownBatch : { sequence : Nat64 };
    /// The batch to reject is already final or already rejected.
    #NotPending : { sequence : Nat64 };
    /// A proof does not lead to the batch's root.
    #InvalidProof;
    /// A leaf is not Candid, or not a Candid-encoded receipt leaf.
    #MalformedLeaf;
    /// The proofs are valid but show no violation.
    #NotAViolation : { reason : Text };
  };

  public type ClaimResult = { #Ok : ClaimOutcome; #Err : ClaimError };
};
