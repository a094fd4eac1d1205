/// The sequential specification of one key: a register (read, write, cas), a string that grows
/// (append), or a counter (incr). The state is the key's value, or nil while it is absent.
public struct KeyValueModel: Sendable, Equatable {
    /// The value of a key never written: nil (absent) for registers and Quorum's store, "" for
    /// the Porcupine kv corpus.
    public var initial: String?

    public init(initial: String? = nil) { self.initial = initial }

    public static let register = KeyValueModel(initial: nil)
    public static let emptyString = KeyValueModel(initial: "")

    /// The state after the operation, or nil if the operation cannot have answered what it did.
    @inline(__always)
    public func step(_ state: String?, _ input: CheckedOperation.Input, _ output: CheckedOperation.Output) -> String?? {
        switch input {
        case .read:
            switch output {
            case .value(let value): return value == state ? .some(state) : nil
            case .unknown: return .some(state)
            default: return nil
            }
        case .write(let value):
            return output == .ok || output == .unknown ? .some(value) : nil
        case .append(let value):
            return output == .ok || output == .unknown ? .some((state ?? "") + value) : nil
        case .cas(let expected, let new):
            switch output {
            case .swapped(true): return state == expected ? .some(new) : nil
            case .swapped(false): return state != expected ? .some(state) : nil
            case .unknown: return .some(state == expected ? new : state)
            default: return nil
            }
        case .incr:
            guard let current = Int64(state ?? "0") else {
                return output == .refused || output == .unknown ? .some(state) : nil
            }
            let next = current &+ 1
            switch output {
            case .counter(let value): return value == next ? .some(String(next)) : nil
            case .unknown: return .some(String(next))
            default: return nil
            }
        }
    }
}
