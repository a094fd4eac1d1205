import ArgumentParser
import QuorumCore

/// Datacenters: `--datacenters 2` splits the nodes into dc1, dc2 (consecutive nodes, as even as they
/// go); messages between datacenters take `--wan-latency`, within one the network's `--latency`.
struct TopologyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Split the nodes into this many datacenters, dc1, dc2, ... (scripts may then write partition dc1 | dc2).", valueName: "n"))
    var datacenters: Int?

    @Option(help: ArgumentHelp("One-way latency between datacenters (default 40ms..80ms).", valueName: "min..max"))
    var wanLatency: String?

    /// `protocolCount`: the datacenters the protocol's own options ask for, used when
    /// `--datacenters` is not given.
    func datacenters(nodeCount: Int, protocolCount: Int? = nil) throws(InputError) -> Datacenters? {
        if let datacenters, let protocolCount, datacenters != protocolCount {
            throw InputError(source: "--datacenters", message: "\(datacenters) disagrees with the protocol's \(protocolCount) datacenters (leave it out)")
        }
        guard let count = datacenters ?? protocolCount else {
            if wanLatency != nil { throw InputError(source: "--wan-latency", message: "needs --datacenters") }
            return nil
        }
        guard (1...nodeCount).contains(count) else {
            throw InputError(source: "--datacenters", message: "\(count) datacenters do not fit \(nodeCount) nodes; use 1 to \(nodeCount)")
        }
        let text = wanLatency ?? "40ms..80ms"
        guard let range = DurationParsing.range(Substring(text)), 0 <= range.min, range.min <= range.max,
              range.max <= Datacenters.maxLatencyMicros else {
            throw InputError(source: "--wan-latency", message: "'\(text)' is not a latency range of at most an hour (write 40ms..80ms)")
        }
        return Datacenters.even(count, nodeCount: nodeCount, crossLatency: range.min...range.max)
    }

    var commandLineWords: [String] {
        (datacenters.map { ["--datacenters", String($0)] } ?? []) + (wanLatency.map { ["--wan-latency", $0] } ?? [])
    }
}
