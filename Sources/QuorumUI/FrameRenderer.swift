/// Draws a whole frame from a snapshot: a pure function of (snapshot, size).
public enum FrameRenderer {
    @discardableResult
    public static func render(_ snapshot: FrameSnapshot, into buffer: inout CellBuffer) -> Layout {
        buffer.clear()
        let layout = Layout(width: buffer.width, height: buffer.height, nodeCount: snapshot.nodes.count,
                            captionRows: snapshot.lesson == nil ? 1 : LessonBandView.rows(height: buffer.height),
                            projector: snapshot.state.projector || snapshot.state.zoom == 1,
                            showsClocks: !snapshot.state.projector || snapshot.lesson?.shown.contains("clocks") != false,
                            fullEvents: snapshot.lesson?.shown.contains("events") == true,
                            clusterOnly: snapshot.state.zoom == 2, diagram: snapshot.state.showsDiagram)
        if layout.isTooSmall {
            renderTooSmall(into: &buffer)
            return layout
        }
        HeaderView(snapshot: snapshot).render(into: &buffer, area: layout.header)
        if let lesson = snapshot.lesson {
            LessonBandView(band: lesson).render(into: &buffer, area: layout.caption)
        } else {
            CaptionView(snapshot: snapshot).render(into: &buffer, area: layout.caption)
        }
        ClusterView(snapshot: snapshot).render(into: &buffer, area: layout.cluster)
        if snapshot.state.zoom == 2 { return finish(snapshot, layout: layout, into: &buffer) }
        buffer.verticalLine(x: layout.detail.x - 1, y: layout.detail.y, length: layout.detail.height, snapshot.glyphs.vertical, style: .border)
        DetailView(snapshot: snapshot).render(into: &buffer, area: layout.detail)
        if layout.diagram.height > 0 {
            SpaceTimeDiagramView(snapshot: snapshot).render(into: &buffer, area: layout.diagram)
            return finish(snapshot, layout: layout, into: &buffer)
        }
        if snapshot.nodes.contains(where: { $0.description.keyTable != nil }) {
            KeyTableView(snapshot: snapshot).render(into: &buffer, area: layout.logs)
        } else if snapshot.lesson?.showsKeys == true {
            KeyTableView(snapshot: KeyTableView.contentsAsKeys(snapshot)).render(into: &buffer, area: layout.logs)
        } else {
            LogView(snapshot: snapshot).render(into: &buffer, area: layout.logs)
        }
        EventLogView(snapshot: snapshot).render(into: &buffer, area: layout.events)
        if layout.clocks.width > 0 {
            buffer.verticalLine(x: layout.clocks.x - 1, y: layout.clocks.y, length: layout.clocks.height, snapshot.glyphs.vertical, style: .border)
            VectorClockView(snapshot: snapshot).render(into: &buffer, area: layout.clocks)
        }
        return finish(snapshot, layout: layout, into: &buffer)
    }

    private static func finish(_ snapshot: FrameSnapshot, layout: Layout, into buffer: inout CellBuffer) -> Layout {
        FooterView(snapshot: snapshot).render(into: &buffer, area: layout.footer)
        if snapshot.state.helpVisible { HelpOverlay(snapshot: snapshot).render(into: &buffer, area: buffer.bounds) }
        return layout
    }

    static func renderTooSmall(into buffer: inout CellBuffer) {
        let message = "terminal too small (need \(Layout.minimumWidth)x\(Layout.minimumHeight), have \(buffer.width)x\(buffer.height))"
        let lines = buffer.width >= DisplayWidth.of(message) ? [message]
            : ["terminal too small", "need \(Layout.minimumWidth)x\(Layout.minimumHeight)", "have \(buffer.width)x\(buffer.height)"]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            buffer.write(line, x: max(0, (buffer.width - DisplayWidth.of(line)) / 2), y: top + offset, style: .warning)
        }
    }
}
