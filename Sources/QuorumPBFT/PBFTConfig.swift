/// PBFT's timing and log sizes.
public struct PBFTConfig: Sendable, Hashable {
    /// K (§4.3): a checkpoint every K requests. The issue's `--checkpoint-every`, default 16.
    public var checkpointEvery: Int
    /// L = H - h (§4.3): how far past the stable checkpoint a sequence number may be. The paper
    /// suggests a small multiple of K; we use 2K.
    public var logWindow: Int { 2 * checkpointEvery }
    /// T (§4.4): how long a backup waits for a request to execute before it suspects the primary.
    /// Doubled for each successive view change that fails (§4.5.2).
    public var viewChangeTimeoutMicros: Int64

    public init(checkpointEvery: Int = 16, viewChangeTimeoutMicros: Int64 = 500_000) {
        precondition(checkpointEvery >= 1, "a checkpoint every K >= 1 requests")
        self.checkpointEvery = checkpointEvery
        self.viewChangeTimeoutMicros = viewChangeTimeoutMicros
    }
}
