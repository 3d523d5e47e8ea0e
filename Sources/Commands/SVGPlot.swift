import Interpreter

/// Small, dependency-free SVG figures for generated docs: a line chart and a heat map.
/// (docs/results.md has its own bar-chart writer; the two could share one module.)
enum SVGPlot {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// A line chart with markers, linear axes from 0 (or the data's minimum x) to the maxima,
    /// five ticks per axis, a legend at the top right.
    static func lineChart(title: String, xLabel: String, yLabel: String, series: [Series],
                          width: Double = 560, height: Double = 340) -> String {
        let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let x0 = min(0, xs.min() ?? 0), x1 = niceMax(xs.max() ?? 1)
        let y0 = min(0, ys.min() ?? 0), y1 = niceMax(ys.max() ?? 1)
        let pw = width - left - right, ph = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / max(x1 - x0, 1e-300) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / max(y1 - y0, 1e-300) * ph }
        var s = header(width, height, title)
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#888\"/>\n"
        for i in 0...4 {
            let x = x0 + (x1 - x0) * Double(i) / 4, y = y0 + (y1 - y0) * Double(i) / 4
            s += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top + ph))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + ph + 5))\" stroke=\"#888\"/>"
            s += "<text x=\"\(f(px(x)))\" y=\"\(f(top + ph + 18))\" text-anchor=\"middle\">\(tick(x))</text>\n"
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(y)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(y)))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(tick(y))</text>\n"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(16 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for (i, line) in series.enumerated() {
            let path = line.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"/>\n"
            for p in line.points { s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(line.color)\"/>" }
            s += "\n<rect x=\"\(f(width - right - 190))\" y=\"\(f(top + 8 + Double(i) * 18))\" width=\"12\" height=\"12\" fill=\"\(line.color)\"/>"
            s += "<text x=\"\(f(width - right - 172))\" y=\"\(f(top + 18 + Double(i) * 18))\">\(escape(line.name))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// A heat map of `values` (row-major, `rows` x `cols`), white (0) to dark blue (the maximum)
    /// in `shades` steps, with a legend of the scale. Each shade is one path of unit squares in
    /// cell coordinates (scaled), and zero cells are left out: a 150 x 100 map stays ~200 KB.
    static func heatMap(title: String, rows: Int, cols: Int, values: [Double], maxCell: Double = 12, shades: Int = 16) -> String {
        let cell = max(2, min(maxCell, 480 / Double(max(rows, cols))))
        let left = 10.0, top = 40.0
        let width = left * 2 + Double(cols) * cell + 90, height = top + Double(rows) * cell + 20
        let top1 = values.max() ?? 0
        var paths = [String](repeating: "", count: shades + 1)
        for r in 0..<rows {
            for c in 0..<cols {
                let v = values[r * cols + c]
                guard v > 0, top1 > 0 else { continue }
                let k = min(shades, max(1, Int((v / top1 * Double(shades)).rounded(.up))))
                paths[k] += "M\(c),\(r)h1v1h-1z"
            }
        }
        var s = header(width, height, title)
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(Double(cols) * cell))\" height=\"\(f(Double(rows) * cell))\" fill=\"none\" stroke=\"#ccc\"/>\n"
        s += "<g transform=\"translate(\(f(left)) \(f(top))) scale(\(ReportFormat.fixed(cell, 3)))\" shape-rendering=\"crispEdges\">\n"
        for k in 1...shades where !paths[k].isEmpty {
            s += "<path fill=\"\(shade(Double(k) / Double(shades)))\" d=\"\(paths[k])\"/>\n"
        }
        s += "</g>\n"
        let lx = left + Double(cols) * cell + 14
        for i in 0...4 {
            let v = Double(4 - i) / 4
            s += "<rect x=\"\(f(lx))\" y=\"\(f(top + Double(i) * 16))\" width=\"14\" height=\"14\" fill=\"\(shade(v))\" stroke=\"#888\"/>"
            s += "<text x=\"\(f(lx + 20))\" y=\"\(f(top + Double(i) * 16 + 11))\">\(tick(v * top1))</text>\n"
        }
        return s + "</svg>\n"
    }

    private static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(w))\" height=\"\(f(h))\" viewBox=\"0 0 \(f(w)) \(f(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + "<text x=\"\(f(w / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">\(escape(title))</text>\n"
    }

    /// White to dark blue.
    private static func shade(_ t: Double) -> String {
        let u = max(0, min(1, t))
        func c(_ from: Double, _ to: Double) -> Int { Int((from + (to - from) * u).rounded()) }
        return "rgb(\(c(255, 8)),\(c(255, 48)),\(c(255, 107)))"
    }

    /// The next of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten at or above `v` (1 for v <= 0).
    static func niceMax(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        var p = 1.0
        while p * 10 <= v { p *= 10 }
        while p > v { p /= 10 }
        for m in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    static func tick(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 {
            let e = Int((a.log10Floor))
            let m = v / pow10(e)
            return "\(trim(m, 2))e\(e)"
        }
        return trim(v, a >= 100 ? 0 : a >= 1 ? 2 : 4)
    }

    private static func pow10(_ e: Int) -> Double { e >= 0 ? (0..<e).reduce(1.0) { r, _ in r * 10 } : 1 / pow10(-e) }

    private static func trim(_ v: Double, _ digits: Int) -> String {
        var s = ReportFormat.fixed(v, digits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func f(_ v: Double) -> String { ReportFormat.fixed(v, 1) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

private extension Double {
    var log10Floor: Double {
        var e = 0.0, v = self
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }
}
