import AJTop
import AsyncJobs
import Testing

/// Widgets rendered into a buffer, compared line by line and style by rectangle.
@Suite struct WidgetTests {
    func render(_ widget: some Widget, width: Int, height: Int = 1) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        widget.render(into: buffer.area, buffer: &buffer)
        return buffer
    }

    @Test func gaugeFillsInEighthsAndDotsTheRest() {
        let buffer = render(GaugeWidget(value: 3, limit: 8), width: 8)
        #expect(buffer.lines == ["███·····"])
        #expect(buffer.styles(in: Rect(x: 0, y: 0, width: 3, height: 1)) == [.ok])
        #expect(buffer.styles(in: Rect(x: 3, y: 0, width: 5, height: 1)) == [.dim])
        // 1/3 of 32 eighths is 10.7, so one full cell and three eighths.
        #expect(render(GaugeWidget(value: 1, limit: 3), width: 4).lines == ["█▍··"])
    }

    @Test(arguments: [(0, 5, Style.ok), (3, 5, .ok), (4, 5, .warning), (5, 5, .danger), (9, 5, .danger), (0, 0, .dim),
                      (3, Int.max, .ok), (Int.max - 1, Int.max, .warning), (8, 10, .warning), (7, 10, .ok), (5, 7, .ok), (6, 7, .warning)])
    func gaugeMeaningFollowsSaturation(value: Int, limit: Int, style: Style) {
        #expect(GaugeWidget(value: value, limit: limit).style == style)
    }

    @Test func saturatedGaugeIsFullAndDanger() {
        let buffer = render(GaugeWidget(value: 7, limit: 5), width: 4)
        #expect(buffer.lines == ["████"])
        #expect(buffer.styles(in: buffer.area) == [.danger])
    }

    @Test func sparklineScalesToPeakAndRightAligns() {
        let buffer = render(SparklineWidget(values: [0, 1, 4, 8]), width: 6)
        #expect(buffer.lines == ["  ·▁▄█"])
        #expect(buffer.styles(in: Rect(x: 3, y: 0, width: 3, height: 1)) == [.ok])
        // Only the shown values count: 8, 9, 10 against a peak of 10.
        #expect(render(SparklineWidget(values: Array(1...10)), width: 3).lines == ["▇██"])
    }

    @Test func histogramTimelineCountsInstantsPerColumn() {
        let start = Fixtures.now
        let end = start + .seconds(100)
        let instants = [start + .seconds(5), start + .seconds(6), start + .seconds(55), start + .seconds(200)]
        let timeline = TimelineWidget(start: start, end: end, content: .histogram(instants, style: .retryScheduled),
                                      labels: [.init(at: start, text: "now"), .init(at: end, text: "+100s")])
        #expect(timeline.counts(of: instants, width: 10) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        let buffer = render(timeline, width: 10, height: 3)
        #expect(buffer.lines == [
            "█         ",
            "█····█····",
            "now──+100s",
        ])
        #expect(buffer.styles(in: Rect(x: 0, y: 0, width: 1, height: 2)) == [.retryScheduled])
        #expect(buffer.styles(in: Rect(x: 0, y: 2, width: 10, height: 1)) == [.dim])
    }

    @Test func spanTimelineDrawsEachIntervalOnItsRow() {
        let start = Fixtures.now
        let spans = [
            TimelineWidget.Span(start: start, end: start + .seconds(20), glyph: "✗", style: .warning),
            TimelineWidget.Span(start: start + .seconds(60), end: start + .seconds(100), glyph: "✓", style: .ok),
        ]
        let timeline = TimelineWidget(start: start, end: start + .seconds(100), content: .spans(spans), labels: [])
        let buffer = render(timeline, width: 10, height: 3)
        #expect(buffer.lines == [
            "✗──       ",
            "      ✓───",
            "──────────",
        ])
        #expect(buffer.styles(in: Rect(x: 0, y: 0, width: 3, height: 1)) == [.warning])
        #expect(buffer.styles(in: Rect(x: 6, y: 1, width: 4, height: 1)) == [.ok])
    }

    @Test func tableLaysOutColumnsAndMarksSelection() {
        let table = TableWidget(
            columns: [.init("NAME", .flexible(minimum: 4)), .init("N", .fixed(3), alignRight: true)],
            rows: [[.text("alpha", .normal), .text("7", .ok)], [.text("b", .normal), .text("12", .danger)]],
            selected: 1, emptyText: "none")
        let buffer = render(table, width: 12, height: 4)
        #expect(buffer.lines == [
            " NAME     N ",
            " alpha    7 ",
            "▶b       12 ",
            "            ",
        ])
        #expect(buffer.styles(in: Rect(x: 0, y: 0, width: 12, height: 1)) == [.columnTitle])
        #expect(buffer.styles(in: Rect(x: 0, y: 2, width: 12, height: 1)) == [.selectionFocused])
        #expect(buffer[10, 1].style == .ok)
    }

    @Test func emptyTableSaysSo() {
        let table = TableWidget(columns: [.init("NAME", .fixed(4))], rows: [], selected: nil, emptyText: "no queues")
        #expect(render(table, width: 12, height: 2).lines == [" NAME       ", " no queues  "])
    }

    @Test func tabsBracketTheActiveOne() {
        let buffer = render(TabsWidget(titles: ["all 3", "new 1"], active: 1), width: 16)
        #expect(buffer.lines == [" all 3 [new 1]  "])
        #expect(buffer.styles(in: Rect(x: 7, y: 0, width: 7, height: 1)) == [.tabActive])
    }

    @Test func helpBarShowsWhatFitsFromTheKeyMap() {
        let hints = KeyMap.standard.hints(on: .queues)
        let buffer = render(HelpBarWidget(bindings: hints), width: 40)
        #expect(buffer.lines == ["? help  ↓/j move  Enter open  / filter  "])
        #expect(buffer[0, 0].style == .keyHint)
        #expect(buffer[2, 0].style == .dim)
    }

    @Test func paragraphScrollsAndMarksMore() {
        let lines = (1...5).map { ParagraphWidget.Line("line \($0)") }
        let buffer = render(ParagraphWidget(lines: lines, scroll: 1), width: 8, height: 3)
        #expect(buffer.lines == ["line 2 ▲", "line 3  ", "line 4 ▼"])
        let clamped = render(ParagraphWidget(lines: lines, scroll: 99), width: 8, height: 3)
        #expect(clamped.lines == ["line 3 ▲", "line 4  ", "line 5  "])
    }

    @Test func bufferDiffListsOnlyChangedCells() {
        var before = Buffer(width: 5, height: 2)
        before.write("abc", x: 0, y: 0, style: .normal)
        var after = before
        after.write("x", x: 1, y: 0, style: .normal)
        after.restyle(Rect(x: 0, y: 1, width: 1, height: 1), as: .danger)
        #expect(after.diff(from: before) == [
            Buffer.Update(x: 1, y: 0, cell: Cell("x")),
            Buffer.Update(x: 0, y: 1, cell: Cell(" ", .danger)),
        ])
        #expect(after.diff(from: after).isEmpty)
        #expect(after.diff(from: Buffer(width: 4, height: 2)).count == 10)
    }

    @Test func wideCharactersTakeTwoCellsAndClip() {
        var buffer = Buffer(width: 5, height: 1)
        let end = buffer.write("日本語", x: 0, y: 0, style: .normal)
        #expect(end == 4)
        #expect(buffer.lines == ["日本 "])
        #expect(buffer[1, 0].isContinuation)
        #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(TextWidth.pad("ab", to: 4, alignRight: true) == "  ab")
        #expect(TextWidth.wrap("alpha beta gamma", to: 11) == ["alpha beta", "gamma"])
        #expect(TextWidth.wrap("abcdefgh", to: 3) == ["abc", "def", "gh"])
    }

    @Test func schemesNeverDependOnColorAloneAndHonourNoColor() {
        #expect(ColorScheme.choose(colors: 256, noColor: true).usesColor == false)
        #expect(ColorScheme.choose(colors: 256, noColor: false).name == ColorScheme.colors256.name)
        #expect(ColorScheme.choose(colors: 8, noColor: false).name == ColorScheme.colors8.name)
        #expect(ColorScheme.choose(colors: 0, noColor: false).usesColor == false)
        let mono = ColorScheme.monochrome
        for style in Style.allCases {
            let look = mono.appearance(of: style)
            #expect(look.foreground == nil && look.background == nil)
        }
        #expect(mono.appearance(of: .selectionFocused).reverse)
    }
}

/// The ASCII stand-ins for a locale without UTF-8 (issue 14, item 12).
@Suite struct AsciiFallbackTests {
    @Test func everyGlyphTheDashboardDrawsHasAOneColumnStandIn() {
        let glyphs: [Character] = ["▶", "·", "█", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "─", "…", "↑", "↓", "▓", "▒", "░", "╳", "÷", "◌"]
            + TaskState.allCases.map(Format.glyph) + [Attempt.Outcome.running, .complete, .failed, .timeout, .terminated, .interrupted].map(Format.glyph)
            // Latencies: none (`—`) and microseconds (`820µs`).
            + Format.latency(nil) + Format.latency(.microseconds(820))
        for glyph in glyphs where !glyph.isASCII {
            let standIn = AsciiFallback.character(glyph)
            #expect(standIn.isASCII && standIn != "?", "\(glyph) has no stand-in")
        }
    }

    @Test func textKeepsASCIIAndItsLength() {
        let text = "▶Q   3/5 ▁▂▃█ · ✓ ok 日"
        let plain = AsciiFallback.text(text)
        #expect(plain == ">Q   3/5 __-# . + ok ?")
        #expect(plain.count == text.count)
    }
}
