/// What a cell means, not how it looks: a ``ColorScheme`` maps each meaning to colours and attributes, so
/// one screen renders in 256 colours, 8 colours or monochrome (`NO_COLOR`) without change.
///
/// Meaning is never carried by colour alone: every styled cell also says it with text or a glyph.
public enum Style: UInt8, CaseIterable, Sendable, Hashable {
    /// Ordinary text.
    case normal
    /// Secondary text: labels, zero counts, axes.
    case dim
    /// The top title bar.
    case header
    /// Column titles of a table.
    case columnTitle
    /// The selected row while its pane has focus.
    case selectionFocused
    /// The active tab.
    case tabActive
    /// A key in the hint bar or help.
    case keyHint
    /// Healthy figures: completions, free capacity.
    case ok
    /// Needs attention: paused queues, nearly saturated gauges, stale data.
    case warning
    /// A task marked for a bulk action (`space`, `*`).
    case marked
    /// Went wrong or saturated: failures, terminations, errors.
    case danger
    /// Work waiting for its retry time.
    case retryScheduled
    /// Work being handled now.
    case active
    /// The status line after a successful action.
    case statusOK
    /// The status line after a refused or failed action.
    case statusError
    /// A question that waits for an answer (y/N).
    case prompt
}
