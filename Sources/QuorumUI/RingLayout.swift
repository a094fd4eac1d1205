import QuorumCore

/// The ring of tokens, for nodes that sit on one (consistent hashing): an ellipse in the cluster
/// area on which a fraction f of the ring is at the angle 2πf clockwise from the top. Cards go
/// round it, each at the angle of one of its node's tokens; on a big screen they sit outside the
/// ring of token marks, on a small one a node is a one-line tag on the ring itself.
struct RingGeometry: Equatable {
    /// The centre and radii of the ring of token marks, in cells.
    var centerX: Double
    var centerY: Double
    var radiusX: Double
    var radiusY: Double
    /// The fraction of the ring each node's card stands at (a token of its, or near one when two
    /// nodes' tokens were too close for their cards), by node index.
    var anchors: [Double]

    /// The cell a fraction of the ring is drawn at.
    func cell(at fraction: Double) -> (x: Int, y: Int) {
        let point = RingGeometry.point(fraction, centerX: centerX, centerY: centerY, radiusX: radiusX, radiusY: radiusY)
        return (Int(point.x.rounded()), Int(point.y.rounded()))
    }

    /// A fraction of the ring on an ellipse: 0 at the top, growing clockwise.
    static func point(_ fraction: Double, centerX: Double, centerY: Double, radiusX: Double, radiusY: Double) -> (x: Double, y: Double) {
        let angle = -Double.pi / 2 + 2 * Double.pi * fraction
        return (centerX + radiusX * ClusterView.cosine(angle), centerY + radiusY * ClusterView.sine(angle))
    }

    /// About how many cells round the ring (Ramanujan's approximation of an ellipse's perimeter).
    var perimeterCells: Int {
        let a = radiusX, b = radiusY
        let h = (a - b) * (a - b) / max(0.001, (a + b) * (a + b))
        return Int((Double.pi * (a + b) * (1 + 3 * h / (10 + (4 - 3 * h).squareRoot()))).rounded(.up))
    }
}

extension CardLayout {
    /// Nodes round the ring when every node has a place on one, if their cards fit without
    /// touching (boxed cards outside a ring of token marks, then two-line cards, then one-line
    /// tags on the ring itself); nil otherwise (the grid takes over), and while the network is
    /// partitioned (its sides in columns say more then).
    static func ring(snapshot: FrameSnapshot, area: Rect) -> CardLayout? {
        guard (snapshot.sides?.count ?? 0) <= 1 else { return nil }
        let placements = snapshot.nodes.compactMap(\.description.ring)
        guard !placements.isEmpty, placements.count == snapshot.nodes.count, !placements.contains(where: { $0.tokens.isEmpty }) else { return nil }
        let body = Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1)
        let preferred = preferredAnchors(placements)
        for size in Size.allCases where size != .boxed || allowsBoxed(area) {
            guard let frame = ringFrame(size: size, body: body) else { continue }
            if let layout = placeOnRing(preferred, size: size, frame: frame, body: body) { return layout }
        }
        return nil
    }

    /// Where the cards' centres go and where the ring of token marks goes, for one size of card.
    private struct RingFrame {
        var centerX, centerY, cardsX, cardsY, ringX, ringY: Double
    }

    private static func ringFrame(size: Size, body: Rect) -> RingFrame? {
        let centerX = Double(body.x) + Double(body.width - 1) / 2, centerY = Double(body.y) + Double(body.height - 1) / 2
        let cardsX = Double(body.width - size.width) / 2 - 1, cardsY = Double(body.height - size.height) / 2
        guard cardsX > 2, cardsY >= 1 else { return nil }
        if size == .tiny { return RingFrame(centerX: centerX, centerY: centerY, cardsX: cardsX, cardsY: cardsY, ringX: cardsX, ringY: cardsY) }
        // Inside the ring of cards, clear of them: half a card and a gap in from their centres.
        let ringX = cardsX - Double(size.width) / 2 - 3, ringY = cardsY - Double(size.height) / 2 - 1.5
        guard ringX >= 6, ringY >= 1.5 else { return nil }
        return RingFrame(centerX: centerX, centerY: centerY, cardsX: cardsX, cardsY: cardsY, ringX: ringX, ringY: ringY)
    }

    /// Each node's own token to stand at: its first, unless another node already stands near it,
    /// then the one of its tokens farthest from those taken (nodes in index order: deterministic).
    static func preferredAnchors(_ placements: [NodeDescription.RingPlacement]) -> [Double] {
        var anchors: [Double] = []
        let spacing = 1 / Double(placements.count)
        for placement in placements {
            func clearance(_ token: Double) -> Double { anchors.map { circularDistance($0, token) }.min() ?? 1 }
            let first = placement.tokens[0]
            if clearance(first) >= spacing * 0.8 {
                anchors.append(first)
            } else {
                anchors.append(placement.tokens.max { clearance($0) < clearance($1) } ?? first)
            }
        }
        return anchors
    }

    static func circularDistance(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 1)
        return min(d, 1 - d)
    }

    /// The cards at their anchors, pushed apart just as far as they must be not to touch: a
    /// minimum gap between neighbours round the ring, tried from small to even spacing.
    private static func placeOnRing(_ preferred: [Double], size: Size, frame: RingFrame, body: Rect) -> CardLayout? {
        let count = preferred.count
        for share in [0.0, 0.5, 0.7, 0.85, 1.0] {
            let anchors = share == 0 ? preferred : spread(preferred, minimumGap: share / Double(count))
            let positions = anchors.map { fraction -> (x: Int, y: Int) in
                let point = RingGeometry.point(fraction, centerX: frame.centerX, centerY: frame.centerY, radiusX: frame.cardsX, radiusY: frame.cardsY)
                let x = Int((point.x - Double(size.width - 1) / 2).rounded()), y = Int((point.y - Double(size.height - 1) / 2).rounded())
                return (min(max(body.x, x), body.maxX - size.width), min(max(body.y, y), body.maxY - size.height))
            }
            guard !anyTouch(positions, size: size) else { continue }
            let geometry = RingGeometry(centerX: frame.centerX, centerY: frame.centerY, radiusX: frame.ringX, radiusY: frame.ringY, anchors: anchors)
            return CardLayout(size: size, positions: positions, regions: [], ring: geometry)
        }
        return nil
    }

    /// Anchors moved apart until neighbours round the ring are at least `minimumGap` apart (or, at
    /// the even spacing, exactly evenly spaced in ring order from the first).
    static func spread(_ anchors: [Double], minimumGap: Double) -> [Double] {
        let count = anchors.count
        guard count > 1 else { return anchors }
        let order = anchors.indices.sorted { (anchors[$0], $0) < (anchors[$1], $1) }
        var sorted = order.map { anchors[$0] }
        if minimumGap * Double(count) >= 0.999 {
            let start = sorted[0]
            sorted = (0..<count).map { start + Double($0) / Double(count) }
        } else {
            for _ in 0..<200 {
                var moved = false
                for index in 0..<count {
                    let next = (index + 1) % count
                    let gap = next == 0 ? sorted[0] + 1 - sorted[index] : sorted[next] - sorted[index]
                    guard gap < minimumGap - 1e-9 else { continue }
                    let push = (minimumGap - gap) / 2
                    sorted[index] -= push
                    sorted[next] += push
                    moved = true
                }
                if !moved { break }
            }
        }
        var result = anchors
        for (slot, index) in order.enumerated() {
            let wrapped = sorted[slot].truncatingRemainder(dividingBy: 1)
            result[index] = wrapped < 0 ? wrapped + 1 : wrapped
        }
        return result
    }
}
