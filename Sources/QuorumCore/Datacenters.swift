/// Named groups of nodes (datacenters, racks, regions) and the latency between each pair of groups.
/// Within a group messages take the network's latency; between two groups, the pair's own range.
/// Scripts name a group where they name a side of a partition (`partition dc1 | dc2`), and the UI
/// lays each group out together.
public struct Datacenters: Hashable, Sendable {
    public struct Group: Hashable, Sendable {
        public let name: String
        public let nodes: [NodeID]

        public init(name: String, nodes: [NodeID]) {
            self.name = name
            self.nodes = nodes
        }
    }

    /// The longest latency a header may give (an hour): beyond it, time arithmetic could overflow.
    public static let maxLatencyMicros: Int64 = 3_600_000_000

    public let groups: [Group]
    /// `groupOf[node]`: the index of the node's group.
    public let groupOf: [Int]
    /// `latency[a][b]` for two different groups a and b: the one-way latency range between them.
    public private(set) var latency: [[ClosedRange<Int64>]]

    /// Groups in order; every node of the cluster in exactly one. `crossLatency` applies between
    /// every pair of different groups until `setLatency` changes one pair.
    public init(groups: [Group], nodeCount: Int, crossLatency: ClosedRange<Int64>) {
        var groupOf = Array(repeating: -1, count: nodeCount)
        for (index, group) in groups.enumerated() {
            for node in group.nodes {
                precondition(node.index < nodeCount && groupOf[node.index] == -1, "every node is in exactly one group")
                groupOf[node.index] = index
            }
        }
        precondition(!groupOf.contains(-1), "every node is in a group")
        self.groups = groups
        self.groupOf = groupOf
        latency = Array(repeating: Array(repeating: crossLatency, count: groups.count), count: groups.count)
    }

    /// `count` groups named dc1, dc2, ... of consecutive nodes, as even as they go.
    public static func even(_ count: Int, nodeCount: Int, crossLatency: ClosedRange<Int64>) -> Datacenters {
        precondition((1...nodeCount).contains(count), "between 1 and nodeCount groups")
        let groups = (0..<count).map { group in
            Group(name: "dc\(group + 1)", nodes: NodeID.all(count: nodeCount).filter { $0.index * count / nodeCount == group })
        }
        return Datacenters(groups: groups, nodeCount: nodeCount, crossLatency: crossLatency)
    }

    public mutating func setLatency(between a: Int, and b: Int, _ range: ClosedRange<Int64>) {
        latency[a][b] = range
        latency[b][a] = range
    }

    /// The latency range from one node to another: nil within a group (the network's applies).
    @inline(__always)
    public func latency(from: NodeID, to: NodeID) -> ClosedRange<Int64>? {
        let a = groupOf[from.index], b = groupOf[to.index]
        return a == b ? nil : latency[a][b]
    }

    public func group(named name: String) -> Group? { groups.first { $0.name == name } }
}

extension Datacenters {
    /// The groups as text, for recording headers: `dc1=n1,n2,n3;dc2=n4,n5`.
    public var groupsText: String {
        groups.map { $0.name + "=" + $0.nodes.map(\.description).joined(separator: ",") }.joined(separator: ";")
    }

    /// The latency between every pair of groups, as text: `dc1-dc2=40000..80000` (microseconds), `;` between pairs.
    public var latencyText: String {
        var pairs: [String] = []
        for a in groups.indices {
            for b in groups.indices where b > a {
                pairs.append("\(groups[a].name)-\(groups[b].name)=\(latency[a][b].lowerBound)..\(latency[a][b].upperBound)")
            }
        }
        return pairs.joined(separator: ";")
    }

    /// Reads `groupsText` and `latencyText` back; nil with a reason when malformed.
    public static func parse(groups groupsText: String, latency latencyText: String, nodeCount: Int) -> Result<Datacenters, DatacenterTextError> {
        var groups: [Group] = []
        var seen = Array(repeating: false, count: nodeCount)
        for part in groupsText.split(separator: ";") {
            let halves = part.split(separator: "=", omittingEmptySubsequences: false)
            guard halves.count == 2, !halves[0].isEmpty, !groups.contains(where: { $0.name == halves[0] }) else {
                return .failure(.init("'\(part)' is not a group (write dc1=n1,n2)"))
            }
            var members: [NodeID] = []
            for name in halves[1].split(separator: ",") {
                guard let node = NodeID(parsing: name), node.index < nodeCount, !seen[node.index] else {
                    return .failure(.init("'\(name)' is not a node of the cluster, or is in two groups"))
                }
                seen[node.index] = true
                members.append(node)
            }
            guard !members.isEmpty else { return .failure(.init("group '\(halves[0])' has no nodes")) }
            groups.append(Group(name: String(halves[0]), nodes: members))
        }
        guard !groups.isEmpty, !seen.contains(false) else { return .failure(.init("every node must be in one group")) }
        var result = Datacenters(groups: groups, nodeCount: nodeCount, crossLatency: 0...0)
        var setPairs = 0
        for part in latencyText.split(separator: ";") {
            let halves = part.split(separator: "=")
            let names = halves.first?.split(separator: "-") ?? []
            let bounds = halves.count == 2 ? halves[1].split(separator: "..") : []
            guard names.count == 2, bounds.count == 2,
                  let a = groups.firstIndex(where: { $0.name == names[0] }), let b = groups.firstIndex(where: { $0.name == names[1] }), a != b,
                  let low = Int64(bounds[0]), let high = Int64(bounds[1]), 0 <= low, low <= high, high <= Datacenters.maxLatencyMicros else {
                return .failure(.init("'\(part)' is not a latency between two groups (write dc1-dc2=40000..80000)"))
            }
            result.setLatency(between: a, and: b, low...high)
            setPairs += 1
        }
        guard setPairs == groups.count * (groups.count - 1) / 2 else { return .failure(.init("every pair of groups needs a latency")) }
        return .success(result)
    }
}

/// Why a datacenter description could not be read.
public struct DatacenterTextError: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
