import PlanModel

/// Occlusal and frontal views of each arch at stage 0 (with the final outline over it) and at the final
/// stage, and a slider through views every few stages: crowns projected on our side, depth-sorted and
/// flat-shaded, decimated so the file stays small.
enum ArchPictures {
    /// Triangles per crown after decimation.
    static let trianglesPerCrown = 220
    /// At most this many slider frames per view.
    static let sliderFrames = 9

    static func html(_ plan: TreatmentPlan) -> String {
        var out = "<section id=\"pictures\"><h2>Pictures</h2><p>Crowns as planned, drawn from the plan's meshes. "
            + "Dashed: where each crown ends up after the last aligner.</p>"
        for arch in plan.arches {
            let crowns = arch.movableTeeth.compactMap { t in
                t.crown.map { (t.id, MeshDecimation.simplified($0, target: trianglesPerCrown)) }
            }
            guard !crowns.isEmpty else {
                out += "<p>\(arch.jaw.rawValue) arch: no per-tooth crown meshes to draw (the plan carries none, e.g. a format of whole-arch models).</p>"
                continue
            }
            for view in ArchCamera.View.allCases {
                guard let camera = ArchCamera(view, arch: arch) else { continue }
                out += figure(arch, view: view, camera: camera, crowns: crowns)
            }
        }
        return out + "</section>"
    }

    /// The stages the slider shows: 0, every k-th, and the last.
    static func sliderStages(last: Int) -> [Int] {
        guard last > 0 else { return [0] }
        let step = max(1, (last + sliderFrames - 2) / (sliderFrames - 1))
        var stages = Array(stride(from: 0, to: last, by: step))
        stages.append(last)
        return stages
    }

    static func figure(_ arch: Arch, view: ArchCamera.View, camera: ArchCamera, crowns: [(ToothID, TriangleMesh)]) -> String {
        let last = arch.stages.map(\.index).max() ?? 0
        let stages = sliderStages(last: last)
        var drawn: [Int: [DrawnTooth]] = [:]
        for stage in stages {
            drawn[stage] = crowns.map { id, mesh in
                DrawnTooth(mesh: mesh.transformed(by: arch.pose(of: id, atStage: stage)), camera: camera)
            }.sorted { $0.depth > $1.depth }
        }
        let box = bounds(drawn.values.flatMap { $0 })
        let viewBox = "\(box.x) \(box.y) \(box.w) \(box.h)"
        let final = drawn[last] ?? []
        let name = "\(arch.jaw.rawValue)-\(view.rawValue)"
        let outline = "<path class=\"outline\" d=\"\(final.map(\.outlinePath).joined())\"/>"
        func picture(_ stage: Int, extra: String = "", label: String) -> String {
            "<svg class=\"arch-view\" viewBox=\"\(viewBox)\" role=\"img\" aria-label=\"\(label)\">\(teeth(drawn[stage] ?? []))\(extra)</svg>"
        }
        var out = "<figure class=\"view\" id=\"view-\(name)\" data-arch=\"\(arch.jaw.rawValue)\" data-view=\"\(view.rawValue)\">"
        out += "<figcaption>\(arch.jaw.rawValue) arch, \(view.rawValue) view</figcaption><div class=\"pair\">"
        out += "<div><p class=\"sub\">stage 0, final outline dashed</p>\(picture(0, extra: outline, label: "\(name) stage 0"))</div>"
        out += "<div><p class=\"sub\">after aligner \(last)</p>\(picture(last, label: "\(name) stage \(last)"))</div></div>"
        out += "<div class=\"slider\"><svg class=\"arch-view frames\" id=\"frames-\(name)\" viewBox=\"\(viewBox)\" role=\"img\" aria-label=\"\(name) by stage\">"
        for (i, stage) in stages.enumerated() {
            out += "<g class=\"frame\(i == 0 ? "" : " hidden")\" data-stage=\"\(stage)\">\(teeth(drawn[stage] ?? []))</g>"
        }
        out += "\(outline)</svg><label>Stage <input type=\"range\" class=\"stage-slider\" min=\"0\" max=\"\(stages.count - 1)\" value=\"0\" step=\"1\" data-frames=\"frames-\(name)\"> "
            + "<output class=\"stage-out\">0</output></label></div></figure>"
        return out
    }

    static func teeth(_ list: [DrawnTooth]) -> String {
        list.map { tooth in
            "<g class=\"crown3d\">" + tooth.bands.enumerated().filter { !$0.element.isEmpty }
                .map { "<path class=\"s\($0.offset)\" d=\"\($0.element)\"/>" }.joined() + "</g>"
        }.joined()
    }

    /// The integer view box around every outline, with a margin.
    static func bounds(_ teeth: [DrawnTooth]) -> (x: Int, y: Int, w: Int, h: Int) {
        let points = teeth.flatMap(\.outline)
        guard let first = points.first else { return (0, 0, 100, 100) }
        var lo = first, hi = first
        for p in points {
            lo = (min(lo.0, p.0), min(lo.1, p.1))
            hi = (max(hi.0, p.0), max(hi.1, p.1))
        }
        let margin = 20.0
        return (Int((lo.0 - margin).rounded(.down)), Int((lo.1 - margin).rounded(.down)),
                Int((hi.0 - lo.0 + 2 * margin).rounded(.up)), Int((hi.1 - lo.1 + 2 * margin).rounded(.up)))
    }
}
