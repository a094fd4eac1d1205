import QuorumCore

extension StoreConfig {
    /// The configuration whose levels are the ones requests carrying `options` use (a coordinator
    /// reads `read-level`, `write-level` and `level` the same way); a level it does not know
    /// leaves the configured one (such requests are refused anyway).
    public func applying(_ options: [RequestOption]) -> StoreConfig {
        var result = self
        func level(_ name: String) -> ConsistencyLevel? {
            options.last { $0.name == name || $0.name == "level" }.flatMap { ConsistencyLevel(parsing: $0.value) }
        }
        if let read = level("read-level") { result.readLevel = read }
        if let write = level("write-level") { result.writeLevel = write }
        return result
    }
}
