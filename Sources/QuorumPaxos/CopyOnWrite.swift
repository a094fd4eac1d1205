/// A value kept behind one reference and copied on the first write after it is shared. The
/// simulator copies a node's record as it runs, and each array or dictionary a node holds costs
/// a reference-count operation per copy; fields grouped in one of these cost one.
struct CopyOnWrite<Value: Sendable>: Sendable {
    /// Shared only between copies of one `CopyOnWrite`, and never written while shared.
    private final class Box: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }
}
