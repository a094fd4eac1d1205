import QuorumCore

/// The replicated service: the key-value store every protocol's clients use (get, set, incr,
/// cas), with the paper's last-reply cache per client (§4.1): a request with a timestamp no newer
/// than the client's last executed one is not executed again, and the same timestamp gets the
/// same reply.
public struct PBFTStateMachine: Sendable, Hashable {
    public struct LastReply: Sendable, Hashable {
        public var timestamp: UInt64
        public var result: OperationOutput
    }

    public private(set) var values: [String: String] = [:]
    public private(set) var lastReplies: [ClientID: LastReply] = [:]
    /// The digest of the state: folds the digest of every executed request, in order, so equal
    /// digests mean equal histories (the CHECKPOINT's d, §4.3).
    public private(set) var digest: Digest = StateDigest.initial

    public init() {}

    /// The checkpoint digest (§4.3): the history digest and the contents, so a replica that
    /// receives a state in a state transfer can check it against a checkpoint proof itself.
    public var checkpointDigest: Digest {
        var hash = StableHash.mix(StateDigest.initial, digest)
        for (key, value) in sortedContents {
            hash = StableHash.mix(StableHash.fnv1a(value, into: StableHash.fnv1a(key)), hash)
        }
        for (client, last) in lastReplies.sorted(by: { $0.key < $1.key }) {
            hash = StableHash.mix(StableHash.mix(hash, UInt64(client.index)), last.timestamp)
            hash = StableHash.mix(hash, StableHash.fnv1a(last.result.description))
        }
        return hash
    }

    public var sortedContents: [(key: String, value: String)] {
        values.map { ($0.key, $0.value) }.sorted { $0.key < $1.key }
    }

    /// Executes the request at one sequence number (nil: the null request, a no-op, §4.4). Returns
    /// the result for a client request, or nil when the request is an old one (§4.1: t is older
    /// than the last reply's).
    public mutating func execute(_ request: ClientRequest?, digest requestDigest: Digest) -> OperationOutput? {
        digest = StateDigest.chain(digest, requestDigest)
        guard let request else { return nil }
        if let last = lastReplies[request.client], request.sequence <= last.timestamp {
            return request.sequence == last.timestamp ? last.result : nil
        }
        let result = apply(request.operation)
        lastReplies[request.client] = LastReply(timestamp: request.sequence, result: result)
        return result
    }

    /// The reply already sent to this request, if it was executed (§4.1: re-send it).
    public func cachedReply(for request: ClientRequest) -> OperationOutput? {
        guard let last = lastReplies[request.client], last.timestamp == request.sequence else { return nil }
        return last.result
    }

    /// True when a request with this timestamp (or a later one) of the client was executed.
    public func executed(_ request: ClientRequest) -> Bool {
        guard let last = lastReplies[request.client] else { return false }
        return request.sequence <= last.timestamp
    }

    private mutating func apply(_ operation: ClientOperation) -> OperationOutput { operation.apply(to: &values) }
}

/// Digests of the service state (§4.3's checkpoint digest).
public enum StateDigest {
    public static let initial: Digest = StableHash.fnv1a("PBFT initial state")

    public static func chain(_ state: Digest, _ request: Digest) -> Digest { StableHash.mix(state, request) }
}
