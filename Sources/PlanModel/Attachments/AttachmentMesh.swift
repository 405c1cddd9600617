/// The solid of each attachment kind, in the template's local frame: x mesial–distal (width),
/// y along the long axis with occlusal = +y (height), z out of the tooth surface (depth).
///
/// Every solid sits on the tooth surface at z = 0, is centred on x = y = 0 and fills its
/// `localBounds` exactly (it touches all six faces of width × height × depth). Each is closed,
/// manifold and outward-facing. Where a kind names a direction the choice is documented below;
/// a vendor whose system reads a kind differently turns the template at placement.
extension AttachmentTemplate {
    /// Corners on round outlines (a multiple of 4, so outlines reach the x and y extremes).
    static let roundSegments = 24
    /// Latitude rings of the ellipsoid dome.
    static let domeRings = 8

    /// The closed, outward-oriented solid of this template (mm); empty when the dimensions are invalid or
    /// the kind is `unknown` (its shape is not known, and a box in its place would be a different attachment).
    public func mesh() -> TriangleMesh {
        guard isValid, kind != .unknown else { return .empty }
        let w = widthMM, h = heightMM, d = depthMM
        let xs = -w / 2 ... w / 2, ys = -h / 2 ... h / 2, zs = 0 ... d
        var solid = SolidBuilder()
        switch kind {
        case .rectangularHorizontal, .rectangularVertical, .precisionCut:
            // Rectangular: a box; the kind names the intended orientation, the dimensions are used as given.
            // Precision cut: the slot the aligner loses (a box reaching through the aligner wall).
            solid.addBox(x: xs, y: ys, z: zs)
        case .bevelledGingival:
            // The bevel faces gingivally: no thickness at the gingival (−y) edge, rising to the full depth
            // at the occlusal (+y) edge, where the flat face stands perpendicular to the tooth.
            solid.addAlongX(w, profileYZ: [(-h / 2, 0), (h / 2, 0), (h / 2, d)])
        case .bevelledOcclusal:
            // The mirror image: the bevel faces occlusally, full depth at the gingival (−y) edge.
            solid.addAlongX(w, profileYZ: [(-h / 2, 0), (h / 2, 0), (-h / 2, d)])
        case .ellipsoid:
            // A half-ellipsoid dome on its flat base.
            solid.addHalfEllipsoid(a: w / 2, b: h / 2, c: d, segments: Self.roundSegments, rings: Self.domeRings)
        case .optimizedRotation:
            // Asymmetric wedge along x: a steep active face at the +x edge with a short full-depth plateau,
            // and a long ramp down to the −x edge so the aligner slides on. Turn it to put the face mesial.
            solid.addPrism(Profile2D([(-w / 2, 0), (w / 2, 0), (w / 2, d), (w / 4, d)]),
                           uAxis: .unitX, vAxis: .unitZ, from: -h / 2, to: h / 2)  // swept along −y
        case .optimizedExtrusion:
            // Wedge along y with a shelf: the full-depth active face at the gingival (−y) edge, on which the
            // aligner pushes occlusally, a plateau over 30 % of the height, then a ramp to a low occlusal land.
            solid.addAlongX(w, profileYZ: [(-h / 2, 0), (h / 2, 0), (h / 2, 0.2 * d), (-0.2 * h, d), (-h / 2, d)])
        case .optimizedRootControl:
            // A pair of horizontal bars, occlusal and gingival, each 35 % of the height: two separate closed
            // shells, as the two attachments are bonded separately.
            let bar = 0.35 * h
            solid.addBox(x: xs, y: -h / 2 ... -h / 2 + bar, z: zs)
            solid.addBox(x: xs, y: h / 2 - bar ... h / 2, z: zs)
        case .powerRidge:
            // A long ridge across the tooth: a half-elliptic cross-section, height wide and depth high.
            solid.addPrism(.halfEllipse(radiusU: h / 2, radiusV: d, segments: Self.roundSegments / 2),
                           uAxis: .unitY, vAxis: .unitZ, from: -w / 2, to: w / 2)
        case .biteRamp:
            // The bite table faces occlusally (+y), leaning back to the full depth; the outer face then
            // slopes down gingivally to half depth and meets the tooth at the gingival edge.
            solid.addAlongX(w, profileYZ: [(-h / 2, 0), (h / 2, 0), (0.3 * h, d), (-0.3 * h, 0.5 * d)])
        case .button:
            // An (elliptic) cylinder: width and height are the two diameters.
            solid.addPrism(.ellipse(radiusU: w / 2, radiusV: h / 2, segments: Self.roundSegments),
                           uAxis: .unitX, vAxis: .unitY, from: 0, to: d)
        case .unknown:
            return .empty  // excluded above; kept so every kind is handled here
        case .hook:
            // One L-shaped solid: a post bonded over the occlusal 40 % of the height, and an arm along the
            // outer 40 % of the depth reaching to the gingival edge. The elastic sits in the gap under the
            // arm; it pulls towards the other jaw (occlusally), so the arm's free end points gingivally.
            let post = h / 2 - 0.4 * h, arm = 0.6 * d
            solid.addAlongX(w, profileYZ: [(post, 0), (h / 2, 0), (h / 2, d), (-h / 2, d), (-h / 2, arm), (post, arm)])
        }
        return solid.isComplete ? solid.mesh : .empty
    }
}

extension SolidBuilder {
    /// A prism across the full width, from a side profile in the (y, z) plane.
    fileprivate mutating func addAlongX(_ width: Double, profileYZ: [(u: Double, v: Double)]) {
        addPrism(Profile2D(profileYZ), uAxis: .unitY, vAxis: .unitZ, from: -width / 2, to: width / 2)
    }
}
