import ArgumentParser
import QuorumCore
import Synchronization

/// The one place protocols are registered. The built-in ones are listed here; a test target (or
/// another front end) adds its own with `register` before parsing a command line.
public enum ProtocolRegistry {
    /// The built-in protocols, in the order `--help` lists them; the first is the default of `quorum`.
    static let builtIn: [any ProtocolDescriptor.Type] = [RaftDescriptor.self, GossipDescriptor.self, PBFTDescriptor.self, PaxosDescriptor.self, StoreDescriptor.self]

    private static let registered = Mutex<[any ProtocolDescriptor.Type]>(builtIn)

    /// Every registered protocol, built-in ones first.
    public static var all: [any ProtocolDescriptor.Type] { registered.withLock { $0 } }

    /// Adds a protocol (a name already registered is replaced, so registering twice is harmless).
    public static func register(_ descriptor: any ProtocolDescriptor.Type) {
        registered.withLock { list in
            list.removeAll { $0.name == descriptor.name }
            list.append(descriptor)
        }
    }

    public static func descriptor(named name: String) -> (any ProtocolDescriptor.Type)? {
        all.first { $0.name == name }
    }

    /// The names, for messages ("raft, gossip").
    static var names: String { all.map { $0.name }.joined(separator: ", ") }
}

extension ProtocolDescriptor {
    /// `quorum run <name>` and `quorum sweep <name>` as commands of their own, with this protocol's options.
    static var runCommand: any ParsableCommand.Type { RunProtocolCommand<Self>.self }
    static var sweepCommand: any ParsableCommand.Type { SweepProtocolCommand<Self>.self }
}
