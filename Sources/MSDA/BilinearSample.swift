/// Where one sampling location falls on one level, and its four bilinear corner weights,
/// exactly as brief/msda.md and the CUDA kernels compute them in fp32:
/// `h = loc_y * H - 0.5`, `w = loc_x * W - 0.5` (two roundings, no fused multiply-add),
/// valid only if `h > -1 && w > -1 && h < H && w < W` (so NaN is invalid),
/// corners (h0, w0), (h0, w1), (h1, w0), (h1, w1) with weights hh*hw, hh*lw, lh*hw, lh*lw.
///
/// Corners outside the map get the key -1: they read as zero and receive no gradient.
struct BilinearSample {
    var valid: Bool
    var lh: Float = 0, lw: Float = 0, hh: Float = 0, hw: Float = 0
    /// Corner weights w1...w4.
    var w1: Float = 0, w2: Float = 0, w3: Float = 0, w4: Float = 0
    /// Keys (pixel index within the whole value tensor's S axis) of the four corners, or -1.
    var k1 = -1, k2 = -1, k3 = -1, k4 = -1

    @inline(__always)
    init(x: Float, y: Float, height: Int, width: Int, levelStart: Int) {
        let H = Float(height), W = Float(width)
        let h = y * H - 0.5
        let w = x * W - 0.5
        guard h > -1, w > -1, h < H, w < W else {
            valid = false
            return
        }
        valid = true
        let h0f = h.rounded(.down), w0f = w.rounded(.down)
        lh = h - h0f
        lw = w - w0f
        hh = 1 - lh
        hw = 1 - lw
        w1 = hh * hw
        w2 = hh * lw
        w3 = lh * hw
        w4 = lh * lw
        // -1 <= h0 < H and -1 <= w0 < W here, so the integer conversions are safe.
        let h0 = Int(h0f), w0 = Int(w0f), h1 = h0 + 1, w1i = w0 + 1
        let top = h0 >= 0, bottom = h1 < height, left = w0 >= 0, right = w1i < width
        if top && left { k1 = levelStart + h0 * width + w0 }
        if top && right { k2 = levelStart + h0 * width + w1i }
        if bottom && left { k3 = levelStart + h1 * width + w0 }
        if bottom && right { k4 = levelStart + h1 * width + w1i }
    }
}
