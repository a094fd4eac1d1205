@preconcurrency import CNcurses
import Glibc
import QuorumCore
import QuorumUI

/// The ncurses backend: checks the terminal, owns the screen, writes only the cells that changed
/// since the last frame, and decodes keys and mouse clicks.
public final class TerminalScreen {
    private var previous: CellBuffer?
    private var attributes: [attr_t] = []
    private var pairs: [Int16] = []
    /// Colour pairs made so far, by "foreground/background".
    private var pairOf: [String: Int16] = [:]
    private let theme: Theme
    public private(set) var colors: Int = 0

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Fails with a clear message when there is no usable terminal. Safe to call before curses.
    public static func preflight() throws(InputError) {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw InputError(source: "terminal", message: "the live UI needs a terminal (standard input and output must be a TTY); use --headless to run without one")
        }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            throw InputError(source: "terminal", message: "TERM is not set, so the terminal type is unknown; set TERM (e.g. xterm-256color) or use --headless")
        }
        guard term != "dumb" else {
            throw InputError(source: "terminal", message: "TERM=dumb cannot draw the live UI; use a real terminal or --headless")
        }
        var error: Int32 = 0
        guard setupterm(nil, 1, &error) == OK else {
            throw InputError(source: "terminal", message: "unknown terminal type '\(term)' (no terminfo entry); set TERM or use --headless")
        }
        let cursorAddress = tigetstr("cup")
        let addressable = cursorAddress != nil && Int(bitPattern: cursorAddress) != -1
        del_curterm(cur_term)
        guard addressable else {
            throw InputError(source: "terminal", message: "terminal '\(term)' cannot move the cursor; use --headless")
        }
    }

    /// True when the locale's character set is UTF-8 (call after `start`, which sets the locale).
    public static var localeIsUTF8: Bool {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    public func start() {
        TerminalGuard.install()
        setlocale(LC_ALL, "")
        set_escdelay(25)
        _ = newterm(nil, stdout, stdin)
        TerminalGuard.cursesActive = true
        cbreak()
        noecho()
        nonl()
        keypad(qn_stdscr(), true)
        curs_set(0)
        mousemask(QN_BUTTON1_PRESSED | QN_BUTTON1_CLICKED, nil)
        mouseinterval(0)
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(qn_colors())
        }
        preparePairs()
    }

    public func stop() {
        TerminalGuard.restore()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(qn_stdscr())), Int(getmaxy(qn_stdscr())))
    }

    public var stopSignal: Int32 { StopSignal.current }

    /// After a resize: forget the last frame so the next one is written whole.
    public func invalidate() {
        previous = nil
        clearok(qn_stdscr(), true)
    }

    private func preparePairs() {
        preparePairs(upTo: StyleRole.count)
    }

    /// One attribute and colour pair per role, for roles up to `count` (a protocol's keyed roles
    /// appear as its views first ask for them).
    private func preparePairs(upTo count: Int) {
        let available = Int(qn_color_pairs())
        while attributes.count < count {
            let style = theme[StyleRole(rawValue: UInt16(attributes.count))]
            var attribute = QN_A_NORMAL
            if style.bold { attribute |= QN_A_BOLD }
            if style.dim { attribute |= QN_A_DIM }
            if style.underline { attribute |= QN_A_UNDERLINE }
            if style.reverse { attribute |= QN_A_REVERSE }
            attributes.append(attribute)
            let foreground = number(style.foreground.degraded(toColors: colors, foreground: true))
            let background = number(style.background.degraded(toColors: colors))
            guard colors >= 8, foreground != -1 || background != -1 else {
                pairs.append(0)
                continue
            }
            let key = "\(foreground)/\(background)"
            if let pair = pairOf[key] {
                pairs.append(pair)
            } else if pairOf.count + 1 < available {
                let pair = Int16(pairOf.count + 1)
                init_pair(pair, Int16(foreground), Int16(background))
                pairOf[key] = pair
                pairs.append(pair)
            } else {
                pairs.append(0)
            }
        }
    }

    private func number(_ color: TerminalColor) -> Int {
        switch color {
        case .terminalDefault: return -1
        case .index(let index): return index
        }
    }

    /// Writes the cells that differ from the last frame, then refreshes.
    public func draw(_ buffer: CellBuffer) {
        if previous == nil || previous!.width != buffer.width || previous!.height != buffer.height { erase() }
        var cell = cchar_t()
        buffer.forEachChange(since: previous) { x, y, current in
            var text: [wchar_t] = [wchar_t(bitPattern: current.scalar.value), 0]
            let role = Int(current.style.rawValue)
            if role >= pairs.count { preparePairs(upTo: StyleRole.count) }
            var pair = Int32(pairs[role])
            setcchar(&cell, &text, attributes[role], pairs[role], &pair)
            mvadd_wch(Int32(y), Int32(x), &cell)
        }
        refresh()
        previous = buffer
    }

    /// Waits up to `timeoutMillis` (-1: forever) for a key; nil on timeout or signal.
    public func readKey(timeoutMillis: Int32) -> KeyPress? {
        wtimeout(qn_stdscr(), timeoutMillis)
        var value: wint_t = 0
        let result = get_wch(&value)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return functionKey(Int32(value)) }
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_RESIZE: return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK,
                  event.bstate & (QN_BUTTON1_PRESSED | QN_BUTTON1_CLICKED) != 0 else { return nil }
            return .click(x: Int(event.x), y: Int(event.y))
        default: return nil
        }
    }
}
