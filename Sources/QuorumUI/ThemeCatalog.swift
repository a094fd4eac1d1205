/// The built-in themes, embedded so that `quorum` needs no files. `themes/*.toml` hold the same
/// text (a test keeps them identical) as examples to copy and edit.
enum ThemeCatalog {
    static let files: [(name: String, text: String)] = [
        ("default", #"""
        # Quorum theme. Styles: one [table] per role; keys fg, bg (a colour name such as red or
        # bright-blue, default, or 0-255), bold, dim, underline, reverse. Roles left out look like [normal].
        name = "default"
        description = "Dark background, 256 colours."

        [normal]
        fg = 252

        [dim]
        fg = 244

        [title]
        fg = 110
        bold = true

        [border]
        fg = 239

        [header]
        fg = 231
        bg = 24
        bold = true

        [header-accent]
        fg = 221
        bg = 24
        bold = true

        [caption]
        fg = 230
        bg = 58
        bold = true

        [status]
        fg = 152

        [warning]
        fg = 203
        bold = true

        [leader]
        fg = 214
        bold = true

        [candidate]
        fg = 177
        bold = true

        [follower]
        fg = 75

        [replica]
        fg = 80

        [crashed]
        fg = 241
        dim = true

        [frozen]
        fg = 51
        underline = true

        [selected]
        fg = 231
        bg = 239
        bold = true

        [message-election]
        fg = 177
        bold = true

        [message-election-reply]
        fg = 141

        [message-replication]
        fg = 114
        bold = true

        [message-replication-reply]
        fg = 72

        [message-client]
        fg = 208
        bold = true

        [message-other]
        fg = 250

        [dropped]
        fg = 196
        bold = true

        [partition]
        fg = 203
        bold = true

        [log-committed]
        fg = 252
        bold = true

        [log-uncommitted]
        fg = 242

        [log-match]
        fg = 114
        underline = true

        [log-next]
        fg = 221
        underline = true

        [clock-changed]
        fg = 16
        bg = 221
        bold = true

        [event-time]
        fg = 244

        [event-fault]
        fg = 203
        bold = true

        [event-role]
        fg = 214

        [event-client]
        fg = 152

        [event-message]
        fg = 246

        [footer]
        fg = 250
        bg = 235

        [footer-key]
        fg = 221
        bg = 235
        bold = true

        [help]
        fg = 252
        bg = 236

        [help-key]
        fg = 221
        bg = 236
        bold = true
        """#),
        ("light", #"""
        # Quorum theme. Styles: one [table] per role; keys fg, bg (a colour name such as red or
        # bright-blue, default, or 0-255), bold, dim, underline, reverse. Roles left out look like [normal].
        name = "light"
        description = "Light background, for projectors: dark, saturated text."

        [normal]
        fg = 235

        [dim]
        fg = 242

        [title]
        fg = 25
        bold = true

        [border]
        fg = 248

        [header]
        fg = 231
        bg = 25
        bold = true

        [header-accent]
        fg = 226
        bg = 25
        bold = true

        [caption]
        fg = 16
        bg = 229
        bold = true

        [status]
        fg = 24

        [warning]
        fg = 160
        bold = true

        [leader]
        fg = 130
        bold = true

        [candidate]
        fg = 91
        bold = true

        [follower]
        fg = 25

        [replica]
        fg = 30

        [crashed]
        fg = 246

        [frozen]
        fg = 31
        underline = true

        [selected]
        fg = 16
        bg = 253
        bold = true

        [message-election]
        fg = 91
        bold = true

        [message-election-reply]
        fg = 97

        [message-replication]
        fg = 28
        bold = true

        [message-replication-reply]
        fg = 65

        [message-client]
        fg = 166
        bold = true

        [message-other]
        fg = 240

        [dropped]
        fg = 160
        bold = true

        [partition]
        fg = 160
        bold = true

        [log-committed]
        fg = 16
        bold = true

        [log-uncommitted]
        fg = 245

        [log-match]
        fg = 28
        underline = true

        [log-next]
        fg = 130
        underline = true

        [clock-changed]
        fg = 16
        bg = 222
        bold = true

        [event-time]
        fg = 243

        [event-fault]
        fg = 160
        bold = true

        [event-role]
        fg = 130
        bold = true

        [event-client]
        fg = 24

        [event-message]
        fg = 241

        [footer]
        fg = 236
        bg = 253

        [footer-key]
        fg = 25
        bg = 253
        bold = true

        [help]
        fg = 235
        bg = 255

        [help-key]
        fg = 25
        bg = 255
        bold = true
        """#),
        ("high-contrast", #"""
        # Quorum theme. Styles: one [table] per role; keys fg, bg (a colour name such as red or
        # bright-blue, default, or 0-255), bold, dim, underline, reverse. Roles left out look like [normal].
        name = "high-contrast"
        description = "Maximum contrast: bright colours on black, bold where it matters."

        [normal]
        fg = "bright-white"
        bg = "black"

        [dim]
        fg = "white"
        bg = "black"

        [title]
        fg = "bright-yellow"
        bg = "black"
        bold = true

        [border]
        fg = "white"
        bg = "black"

        [header]
        fg = "black"
        bg = "bright-white"
        bold = true

        [header-accent]
        fg = "black"
        bg = "bright-yellow"
        bold = true

        [caption]
        fg = "black"
        bg = "bright-yellow"
        bold = true

        [status]
        fg = "bright-cyan"
        bg = "black"

        [warning]
        fg = "bright-red"
        bg = "black"
        bold = true

        [leader]
        fg = "bright-yellow"
        bg = "black"
        bold = true

        [candidate]
        fg = "bright-magenta"
        bg = "black"
        bold = true

        [follower]
        fg = "bright-cyan"
        bg = "black"

        [replica]
        fg = "bright-green"
        bg = "black"

        [crashed]
        fg = "bright-red"
        bg = "black"

        [frozen]
        fg = "bright-blue"
        bg = "black"
        underline = true

        [selected]
        fg = "black"
        bg = "bright-white"
        bold = true

        [message-election]
        fg = "bright-magenta"
        bg = "black"
        bold = true

        [message-election-reply]
        fg = "magenta"
        bg = "black"
        bold = true

        [message-replication]
        fg = "bright-green"
        bg = "black"
        bold = true

        [message-replication-reply]
        fg = "green"
        bg = "black"
        bold = true

        [message-client]
        fg = "bright-yellow"
        bg = "black"
        bold = true

        [message-other]
        fg = "bright-white"
        bg = "black"

        [dropped]
        fg = "bright-red"
        bg = "black"
        bold = true

        [partition]
        fg = "bright-red"
        bg = "black"
        bold = true

        [log-committed]
        fg = "bright-white"
        bg = "black"
        bold = true

        [log-uncommitted]
        fg = "white"
        bg = "black"

        [log-match]
        fg = "bright-green"
        bg = "black"
        underline = true

        [log-next]
        fg = "bright-yellow"
        bg = "black"
        underline = true

        [clock-changed]
        fg = "black"
        bg = "bright-yellow"
        bold = true

        [event-time]
        fg = "white"
        bg = "black"

        [event-fault]
        fg = "bright-red"
        bg = "black"
        bold = true

        [event-role]
        fg = "bright-yellow"
        bg = "black"
        bold = true

        [event-client]
        fg = "bright-cyan"
        bg = "black"

        [event-message]
        fg = "white"
        bg = "black"

        [footer]
        fg = "black"
        bg = "white"

        [footer-key]
        fg = "black"
        bg = "bright-white"
        bold = true

        [help]
        fg = "bright-white"
        bg = "black"

        [help-key]
        fg = "bright-yellow"
        bg = "black"
        bold = true
        """#),
        ("mono", #"""
        # Quorum theme. Styles: one [table] per role; keys fg, bg (a colour name such as red or
        # bright-blue, default, or 0-255), bold, dim, underline, reverse. Roles left out look like [normal].
        name = "mono"
        description = "No colour: roles told apart by attributes and letters only."

        [dim]
        dim = true

        [title]
        bold = true

        [border]
        dim = true

        [header]
        bold = true
        reverse = true

        [header-accent]
        bold = true
        underline = true
        reverse = true

        [caption]
        bold = true
        underline = true

        [status]

        [warning]
        bold = true
        reverse = true

        [leader]
        bold = true
        reverse = true

        [candidate]
        bold = true
        underline = true

        [follower]

        [replica]

        [crashed]
        dim = true

        [frozen]
        dim = true
        underline = true

        [selected]
        reverse = true

        [message-election]
        bold = true

        [message-election-reply]

        [message-replication]
        bold = true

        [message-replication-reply]

        [message-client]
        bold = true
        underline = true

        [message-other]
        dim = true

        [dropped]
        bold = true
        reverse = true

        [partition]
        bold = true

        [log-committed]
        bold = true

        [log-uncommitted]
        dim = true

        [log-match]
        underline = true

        [log-next]
        bold = true
        underline = true

        [clock-changed]
        reverse = true

        [event-time]
        dim = true

        [event-fault]
        bold = true

        [event-role]
        bold = true

        [event-client]

        [event-message]
        dim = true

        [footer]
        reverse = true

        [footer-key]
        bold = true
        reverse = true

        [help]

        [help-key]
        bold = true
        """#),
        ("colorblind", #"""
        # Quorum theme. Styles: one [table] per role; keys fg, bg (a colour name such as red or
        # bright-blue, default, or 0-255), bold, dim, underline, reverse. Roles left out look like [normal].
        name = "colorblind"
        description = "Okabe-Ito palette, safe for the common colour-vision deficiencies; roles also differ in brightness."

        [normal]
        fg = 253

        [dim]
        fg = 245

        [title]
        fg = 74
        bold = true

        [border]
        fg = 240

        [header]
        fg = 231
        bg = 25
        bold = true

        [header-accent]
        fg = 227
        bg = 25
        bold = true

        [caption]
        fg = 16
        bg = 227
        bold = true

        [status]
        fg = 74

        [warning]
        fg = 166
        bold = true

        [leader]
        fg = 214
        bold = true

        [candidate]
        fg = 175
        bold = true
        underline = true

        [follower]
        fg = 74

        [replica]
        fg = 35

        [crashed]
        fg = 243
        dim = true

        [frozen]
        fg = 227
        underline = true

        [selected]
        fg = 16
        bg = 253
        bold = true

        [message-election]
        fg = 175
        bold = true

        [message-election-reply]
        fg = 175

        [message-replication]
        fg = 35
        bold = true

        [message-replication-reply]
        fg = 29

        [message-client]
        fg = 214
        bold = true

        [message-other]
        fg = 250

        [dropped]
        fg = 166
        bold = true

        [partition]
        fg = 166
        bold = true

        [log-committed]
        fg = 253
        bold = true

        [log-uncommitted]
        fg = 243

        [log-match]
        fg = 35
        underline = true

        [log-next]
        fg = 214
        underline = true

        [clock-changed]
        fg = 16
        bg = 74
        bold = true

        [event-time]
        fg = 245

        [event-fault]
        fg = 166
        bold = true

        [event-role]
        fg = 214

        [event-client]
        fg = 74

        [event-message]
        fg = 247

        [footer]
        fg = 250
        bg = 236

        [footer-key]
        fg = 227
        bg = 236
        bold = true

        [help]
        fg = 253
        bg = 236

        [help-key]
        fg = 227
        bg = 236
        bold = true
        """#),
    ]
}
