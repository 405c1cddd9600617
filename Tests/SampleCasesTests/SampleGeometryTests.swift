import PlanModel
import SampleCases
import Testing

/// Extent of `mesh` along `axis` (max − min of the projections).
func extent(_ mesh: TriangleMesh, along axis: Vector3) -> Double {
    var lo = Double.infinity, hi = -Double.infinity
    for i in 0..<mesh.vertexCount {
        let d = mesh.vertex(i).dot(axis)
        lo = min(lo, d)
        hi = max(hi, d)
    }
    return hi - lo
}

@Suite struct SampleGeometryTests {
    @Test(arguments: [UInt64(1), 9, 2024])
    func everyMeshIsClosedOrientedAndOutward(seed: UInt64) throws {
        let plan = try SampleCase.make(SampleOptions(stages: 6, trianglesPerTooth: 900, seed: seed))
        for arch in plan.arches {
            for tooth in arch.teeth {
                let crown = try #require(tooth.crown)
                let check = MeshCheck(crown)
                #expect(check.isClosedAndOriented, "\(tooth.id): \(check)")
                #expect(check.signedVolume > 100, "\(tooth.id): volume \(check.signedVolume)")  // crowns are 150–700 mm³
                #expect(abs(Double(crown.triangleCount) - 900) <= 90, "\(tooth.id): \(crown.triangleCount)")
            }
            let gingiva = try #require(arch.gingiva)
            let check = MeshCheck(gingiva)
            #expect(check.isClosedAndOriented, "\(arch.jaw) gingiva: \(check)")
            #expect(check.signedVolume > 5_000, "\(arch.jaw) gingiva volume \(check.signedVolume)")
        }
    }

    @Test func crownWidthsAreTheAverageMesiodistalWidths() throws {
        let published: [Int: Double] = [1: 8.5, 2: 6.5, 3: 7.5, 4: 7.0, 5: 6.5, 6: 10.0, 7: 9.0]
        let lower: [Int: Double] = [1: 5.0, 2: 5.5, 3: 7.0, 4: 7.0, 5: 7.0, 6: 11.0, 7: 10.5]
        let plan = try SampleCase.make(SampleOptions(stages: 6, trianglesPerTooth: 2_000, seed: 5))
        for arch in plan.arches {
            for tooth in arch.teeth {
                let crown = try #require(tooth.crown)
                let width = extent(crown, along: tooth.frame.mesialAxis)
                let expected = try #require((arch.jaw == .upper ? published : lower)[tooth.id.position])
                #expect(abs(width - expected) <= 0.05 * expected, "\(tooth.id): \(width) vs \(expected)")
                let depth = extent(crown, along: tooth.frame.facialAxis)
                let height = extent(crown, along: tooth.frame.longAxis)
                #expect((5.0...12.0).contains(depth), "\(tooth.id) buccolingual \(depth)")
                #expect((6.5...12.0).contains(height), "\(tooth.id) height \(height)")
            }
        }
    }

    @Test func crownShapesFollowTheToothClass() throws {
        let plan = try SampleCase.make(SampleOptions(stages: 6, trianglesPerTooth: 4_000, seed: 3))
        for arch in plan.arches {
            for tooth in arch.teeth {
                let crown = try #require(tooth.crown)
                let f = tooth.frame
                // Crown coordinates of every vertex.
                let points = (0..<crown.vertexCount).map { i -> (m: Double, l: Double, f: Double) in
                    let d = crown.vertex(i) - f.origin
                    return (d.dot(f.mesialAxis), d.dot(f.longAxis), d.dot(f.facialAxis))
                }
                let top = points.map(\.l).max() ?? 0, bottom = points.map(\.l).min() ?? 0
                let height = top - bottom
                // Extent along the facial (depth) and mesial (width) axes of the vertices in a height band.
                let spread = { (band: ClosedRange<Double>, key: KeyPath<(m: Double, l: Double, f: Double), Double>) -> Double in
                    let values = points.filter { band.contains(($0.l - bottom) / height) }.map { $0[keyPath: key] }
                    return (values.max() ?? 0) - (values.min() ?? 0)
                }
                let edge = 0.93...0.97, middle = 0.4...0.6
                let edgeDepth = spread(edge, \.f), edgeWidth = spread(edge, \.m)
                let tip = try #require(points.max { $0.l < $1.l })
                switch tooth.id.toothClass {
                case .incisor:
                    // A chisel: the incisal edge is long mesio-distally and thin labio-lingually.
                    #expect(edgeWidth > 1.5 * edgeDepth, "\(tooth.id): edge \(edgeWidth) × \(edgeDepth)")
                    #expect(edgeDepth < 0.45 * spread(middle, \.f), "\(tooth.id): incisal edge should be thin")
                case .canine:
                    // One pointed cusp: narrow in both directions near the tip, the tip in the middle.
                    #expect(edgeWidth < 0.45 * spread(middle, \.m) && edgeDepth < 0.45 * spread(middle, \.f))
                    #expect(abs(tip.m) < 0.1 * spread(middle, \.m), "\(tooth.id): cusp tip should be central")
                case .premolar:
                    // Two cusps, the buccal one highest, a groove between them.
                    #expect(tip.f > 0.1 * spread(middle, \.f), "\(tooth.id): highest cusp should be buccal")
                    let centre = points.filter { abs($0.m) < 0.5 && abs($0.f) < 0.5 && $0.l > 0 }.map(\.l).max() ?? top
                    #expect(centre < top - 0.5, "\(tooth.id): groove \(centre) vs cusp \(top)")
                case .molar:
                    // A broad occlusal table with four cusp tips around a central fossa.
                    #expect(edgeWidth > 0.5 * spread(middle, \.m) && edgeDepth > 0.5 * spread(middle, \.f))
                    #expect(abs(tip.m) > 0.1 * spread(middle, \.m) && abs(tip.f) > 0.1 * spread(middle, \.f))
                    let centre = points.filter { abs($0.m) < 0.5 && abs($0.f) < 0.5 && $0.l > 0 }.map(\.l).max() ?? top
                    #expect(centre < top - 0.5, "\(tooth.id): fossa \(centre) vs cusps \(top)")
                }
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func archDimensionsArePlausible(seed: UInt64) throws {
        let plan = try smallPlan(seed: seed)
        func box(_ arch: Arch, _ teeth: [Int]) throws -> BoundingBox {
            let boxes = try teeth.map { fdi in try #require(arch.tooth(ToothID(fdi: fdi))?.crown?.boundingBox) }
            return boxes.dropFirst().reduce(boxes[0]) { $0.union($1) }
        }
        let upper = try #require(plan.upper), lower = try #require(plan.lower)
        let upperWidth = try box(upper, [17, 27]).size.x
        let lowerWidth = try box(lower, [37, 47]).size.x
        #expect((50...60).contains(upperWidth), "upper width at second molars \(upperWidth)")
        #expect((44...58).contains(lowerWidth) && lowerWidth < upperWidth, "lower width \(lowerWidth)")
        let upperDepth = try box(upper, upper.teeth.map(\.id.fdi)).size.y
        let lowerDepth = try box(lower, lower.teeth.map(\.id.fdi)).size.y
        #expect((40...52).contains(upperDepth), "upper depth \(upperDepth)")
        #expect((36...50).contains(lowerDepth), "lower depth \(lowerDepth)")
        let height = try box(upper, upper.teeth.map(\.id.fdi)).union(#require(upper.gingiva?.boundingBox)).size.z
        #expect((15...30).contains(height), "upper model height \(height)")
    }

    @Test func coordinateSystemIsDocumentedLPS() throws {
        let plan = try smallPlan()
        let upper = try #require(plan.upper), lower = try #require(plan.lower)
        // x towards the patient's left, y posterior (incisors at negative y), z superior.
        #expect(try #require(upper.tooth(ToothID(fdi: 23))).frame.origin.x > 5)
        #expect(try #require(upper.tooth(ToothID(fdi: 13))).frame.origin.x < -5)
        #expect(try #require(lower.tooth(ToothID(fdi: 33))).frame.origin.x > 5)
        let incisor = try #require(upper.tooth(ToothID(fdi: 11))).frame.origin.y
        let molar = try #require(upper.tooth(ToothID(fdi: 16))).frame.origin.y
        #expect(incisor < molar - 25)
        #expect(upper.teeth.allSatisfy { $0.frame.origin.z > 0 && $0.frame.longAxis.z < -0.9 })
        #expect(lower.teeth.allSatisfy { $0.frame.origin.z < 0 && $0.frame.longAxis.z > 0.9 })
    }

    @Test(arguments: [UInt64(1), 6])
    func framesAreOrthonormalAndPointTheRightWay(seed: UInt64) throws {
        let plan = try smallPlan(seed: seed, stages: 10)
        for arch in plan.arches {
            let centroid = arch.teeth.reduce(Vector3.zero) { $0 + $1.frame.origin } / Double(arch.teeth.count)
            for tooth in arch.teeth {
                for stage in arch.stages {
                    let frame = tooth.frame.moved(by: arch.pose(of: tooth.id, atStage: stage.index))
                    #expect(frame.isOrthonormal(tolerance: 1e-9), "\(tooth.id) at stage \(stage.index)")
                }
                let f = tooth.frame
                var outwards = f.origin - centroid
                outwards.z = 0
                #expect(f.facialAxis.dot(outwards.normalized) > 0.3, "\(tooth.id): facial axis points into the arch")
                let neighbour = try #require(tooth.id.mesialNeighbour.flatMap { arch.tooth($0) })
                let towards = (neighbour.frame.origin - f.origin).normalized
                #expect(f.mesialAxis.dot(towards) > 0.7, "\(tooth.id): mesial axis does not point at \(neighbour.id)")
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func adjacentCrownsDoNotOverlapAtTheEnd(seed: UInt64) throws {
        let plan = try smallPlan(seed: seed, stages: 20)
        for arch in plan.arches {
            let last = try #require(arch.stages.last?.index)
            let width = { (t: Tooth) in extent(t.crown ?? .empty, along: t.frame.mesialAxis) }
            for (a, b) in zip(arch.teeth, arch.teeth.dropFirst()) {
                #expect(a.id.isAdjacent(to: b.id))
                let oa = arch.pose(of: a.id, atStage: last).apply(to: a.frame.origin)
                let ob = arch.pose(of: b.id, atStage: last).apply(to: b.frame.origin)
                let contact = (width(a) + width(b)) / 2
                let distance = (oa - ob).length
                #expect(distance >= 0.8 * contact, "\(a.id)-\(b.id): \(distance) mm apart, widths \(contact)")
                #expect(distance <= 1.1 * contact, "\(a.id)-\(b.id): \(distance) mm apart, a gap")
            }
        }
    }
}

@Suite struct SampleCrownContactTests {
    /// At the goal (the last active stage) neighbours touch at their contacts and nowhere overlap by more
    /// than a mesh's chord error.
    @Test(arguments: [UInt64(1), 2])
    func neighboursOnlyTouchAtTheGoal(seed: UInt64) throws {
        let plan = try SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 800, seed: seed))
        for arch in plan.arches {
            let goal = try #require(arch.stages.last { !$0.isOvercorrection && !$0.isPassive }?.index)
            let moved = arch.teeth.map { ($0.crown ?? .empty).transformed(by: arch.pose(of: $0.id, atStage: goal)) }
            var deepest = 0.0
            for (a, b) in zip(moved, moved.dropFirst()) {
                for (inner, outer) in [(a, b), (b, a)] {
                    guard let box = outer.boundingBox else { continue }
                    for i in 0..<inner.vertexCount {
                        let p = inner.vertex(i)
                        guard box.contains(p), isInside(p, outer) else { continue }
                        deepest = max(deepest, surfaceDistance(from: p, to: outer))
                    }
                }
            }
            #expect(deepest < 0.15, "\(arch.jaw): neighbours overlap by \(deepest) mm at stage \(goal)")
        }
    }
}
