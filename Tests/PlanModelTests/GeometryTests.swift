import Digest
import Foundation
import Testing
@testable import PlanModel

/// A tiny deterministic generator (SplitMix64) so random-rotation tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func close(_ a: Vector3, _ b: Vector3, _ tol: Double = 1e-12) -> Bool { a.maxDifference(to: b) <= tol }

/// The same rotation (q and −q are one rotation).
private func sameRotation(_ a: Quaternion, _ b: Quaternion, _ tol: Double = 1e-9) -> Bool {
    let d = max(abs(a.w - b.w), abs(a.x - b.x), abs(a.y - b.y), abs(a.z - b.z))
    let e = max(abs(a.w + b.w), abs(a.x + b.x), abs(a.y + b.y), abs(a.z + b.z))
    return min(d, e) <= tol
}

private func randomUnitVector(_ g: inout SplitMix64) -> Vector3 {
    while true {
        let v = Vector3(.random(in: -1...1, using: &g), .random(in: -1...1, using: &g), .random(in: -1...1, using: &g))
        if (0.1...1).contains(v.length) { return v.normalized }
    }
}

@Suite struct QuaternionTests {
    @Test func axisAngleRotatesTheRightWay() {
        // Right-handed: +90° about z takes x to y, y to −x.
        let q = Quaternion(axis: .unitZ, degrees: 90)
        #expect(close(q.rotate(.unitX), .unitY))
        #expect(close(q.rotate(.unitY), -Vector3.unitX))
        #expect(close(q.rotate(.unitZ), .unitZ))
        #expect(close(Quaternion(axis: .unitX, degrees: 90).rotate(.unitY), .unitZ))
        #expect(close(Quaternion(axis: .unitY, degrees: 90).rotate(.unitZ), .unitX))
        // The axis is normalized and the half-angle convention holds.
        let r = Quaternion(axis: Vector3(0, 0, 5), radians: .pi / 3)
        #expect(abs(r.w - cos(.pi / 6)) < 1e-15 && abs(r.z - sin(.pi / 6)) < 1e-15 && r.isUnit(tolerance: 1e-15))
        #expect(Quaternion(axis: .zero, degrees: 30) == .identity)
        #expect(close(Quaternion(axis: Vector3(1, 1, 1), degrees: 120).rotate(.unitX), .unitY))
    }

    @Test func productAppliesTheRightFactorFirst() {
        let a = Quaternion(axis: .unitZ, degrees: 90), b = Quaternion(axis: .unitX, degrees: 90)
        // b first: y → z, then a leaves z. The other order: a: y → −x, then b leaves −x.
        #expect(close((a * b).rotate(.unitY), .unitZ))
        #expect(close((b * a).rotate(.unitY), -Vector3.unitX))
        var g = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let p = Quaternion(axis: randomUnitVector(&g), degrees: .random(in: -180...180, using: &g))
            let q = Quaternion(axis: randomUnitVector(&g), degrees: .random(in: -180...180, using: &g))
            let v = randomUnitVector(&g) * 7
            #expect(close((p * q).rotate(v), p.rotate(q.rotate(v)), 1e-12))
        }
    }

    @Test func conjugateIsTheInverse() {
        var g = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let q = Quaternion(axis: randomUnitVector(&g), degrees: .random(in: -360...360, using: &g))
            let v = randomUnitVector(&g) * 3
            #expect(close(q.conjugate.rotate(q.rotate(v)), v, 1e-12))
            #expect(sameRotation(q * q.conjugate, .identity, 1e-15))
        }
    }

    @Test func rotationPreservesLengthsAndHandedness() {
        let q = Quaternion(axis: Vector3(0.3, -0.5, 0.8), degrees: 73)
        let (c0, c1, c2) = q.columns
        #expect(abs(c0.length - 1) < 1e-15 && abs(c0.dot(c1)) < 1e-15 && abs(c1.dot(c2)) < 1e-15)
        #expect(close(c0.cross(c1), c2, 1e-15))
        #expect(abs(q.rotate(Vector3(3, 4, 12)).length - 13) < 1e-13)
    }

    @Test func rotationVectorAndAngle() {
        let axis = Vector3(2, -1, 2).normalized
        for degrees in [0.001, 10, 45, 90, 135, 179.9] {
            let q = Quaternion(axis: axis, degrees: degrees)
            #expect(close(q.rotationVector, axis * (degrees * .pi / 180), 1e-12), "\(degrees)°")
            #expect(abs(q.angleDegrees - degrees) < 1e-10)
            // −q is the same rotation: same vector.
            #expect(close(Quaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z).rotationVector, q.rotationVector, 1e-12))
        }
        // Beyond 180° the shortest equivalent is reported: 270° about z is −90°.
        let long = Quaternion(axis: .unitZ, degrees: 270)
        #expect(close(long.rotationVector, Vector3(0, 0, -.pi / 2), 1e-12))
        #expect(abs(long.angleDegrees - 90) < 1e-10)
        #expect(Quaternion.identity.angleDegrees == 0)
        #expect(abs(Quaternion(axis: .unitY, degrees: 180).angleDegrees - 180) < 1e-10)
        // A non-unit quaternion is normalized first.
        let scaled = Quaternion(w: 2 * long.w, x: 2 * long.x, y: 2 * long.y, z: 2 * long.z)
        #expect(close(scaled.rotationVector, long.rotationVector, 1e-12))
    }

    @Test func columnsRoundTripForRandomAndHalfTurnRotations() {
        var g = SplitMix64(seed: 2024)
        var angles = (0..<200).map { _ in Double.random(in: 0...180, using: &g) }
        // Near and at half turns every Shepperd branch (trace ≤ 0, each diagonal largest) is taken.
        angles += [180, 179.9999, 179.99, 170, 120, 119.999, 0, 1e-7]
        for degrees in angles {
            for axis in [randomUnitVector(&g), .unitX, .unitY, .unitZ, -Vector3.unitY, Vector3(1, 1, 1).normalized] {
                let q = Quaternion(axis: axis, degrees: degrees)
                let (c0, c1, c2) = q.columns
                let back = Quaternion(columns: c0, c1, c2)
                #expect(sameRotation(back, q, 1e-12), "\(degrees)° about \(axis)")
                #expect(back.isUnit(tolerance: 1e-14))
            }
        }
    }

    @Test func columnsOfKnownMatrices() {
        // 180° about x: diag (1, −1, −1).
        let q = Quaternion(columns: .unitX, -Vector3.unitY, -Vector3.unitZ)
        #expect(sameRotation(q, Quaternion(w: 0, x: 1, y: 0, z: 0), 1e-15))
        // A permutation x→y, y→z, z→x is 120° about (1,1,1).
        let p = Quaternion(columns: .unitY, .unitZ, .unitX)
        #expect(sameRotation(p, Quaternion(axis: Vector3(1, 1, 1), degrees: 120), 1e-15))
    }
}

@Suite struct RigidTransformTests {
    private func random(_ g: inout SplitMix64) -> RigidTransform {
        RigidTransform(rotation: Quaternion(axis: randomUnitVector(&g), degrees: .random(in: 0...180, using: &g)),
                       translation: randomUnitVector(&g) * .random(in: 0...50, using: &g))
    }

    @Test func applyRotatesThenTranslates() {
        let t = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90), translation: Vector3(1, 2, 3))
        #expect(close(t.apply(to: Vector3(1, 0, 0)), Vector3(1, 3, 3)))
        #expect(close(t.applyToDirection(Vector3(1, 0, 0)), Vector3(0, 1, 0)))
        #expect(close(RigidTransform.identity.apply(to: Vector3(4, 5, 6)), Vector3(4, 5, 6)))
    }

    @Test func composeAppliesTheArgumentFirst() {
        let rotate = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90))
        let shift = RigidTransform(translation: Vector3(1, 0, 0))
        // shift then rotate: (0,0,0) → (1,0,0) → (0,1,0); rotate then shift: (0,0,0) → (1,0,0).
        #expect(close(rotate.composed(with: shift).apply(to: .zero), Vector3(0, 1, 0)))
        #expect(close(shift.composed(with: rotate).apply(to: .zero), Vector3(1, 0, 0)))
        var g = SplitMix64(seed: 3)
        for _ in 0..<50 {
            let a = random(&g), b = random(&g), p = randomUnitVector(&g) * 20
            #expect(close(a.composed(with: b).apply(to: p), a.apply(to: b.apply(to: p)), 1e-11))
        }
    }

    @Test func composingWithTheInverseIsIdentity() {
        var g = SplitMix64(seed: 5)
        for _ in 0..<100 {
            let t = random(&g)
            #expect(t.composed(with: t.inverse).maxDifference(to: .identity) <= 1e-12)
            #expect(t.inverse.composed(with: t).maxDifference(to: .identity) <= 1e-12)
            let p = randomUnitVector(&g) * 30
            #expect(close(t.inverse.apply(to: t.apply(to: p)), p, 1e-12))
        }
    }

    @Test func matrixLayoutIsRowMajor() {
        let t = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90), translation: Vector3(1, 2, 3))
        let expected: [Double] = [0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1]
        #expect(zip(t.matrix, expected).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func matrixRoundTrip() throws {
        var g = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let t = random(&g)
            let back = try #require(RigidTransform(matrix: t.matrix))
            #expect(back.maxDifference(to: t) <= 1e-12)
        }
        let halfTurn = RigidTransform(rotation: Quaternion(axis: Vector3(1, -2, 0.5), degrees: 180), translation: .zero)
        #expect(try #require(RigidTransform(matrix: halfTurn.matrix)).maxDifference(to: halfTurn) <= 1e-12)
    }

    @Test func rejectsMatricesThatAreNoRigidMotion() {
        let good = RigidTransform(rotation: Quaternion(axis: .unitY, degrees: 30), translation: Vector3(1, 2, 3)).matrix
        #expect(RigidTransform(matrix: good) != nil)
        var scaled = good
        for i in [0, 1, 2, 4, 5, 6, 8, 9, 10] { scaled[i] *= 1.1 }
        #expect(RigidTransform(matrix: scaled) == nil)
        var mirrored = good  // negate the third column: determinant −1
        for i in [2, 6, 10] { mirrored[i] = -mirrored[i] }
        #expect(RigidTransform(matrix: mirrored) == nil)
        var sheared = good
        sheared[1] += 0.2
        #expect(RigidTransform(matrix: sheared) == nil)
        var projective = good
        projective[12] = 0.5
        #expect(RigidTransform(matrix: projective) == nil)
        var notANumber = good
        notANumber[3] = .nan
        #expect(RigidTransform(matrix: notANumber) == nil)
        #expect(RigidTransform(matrix: Array(good.prefix(12))) == nil)
    }
}

@Suite struct BoundingBoxTests {
    @Test func boxOfPoints() throws {
        #expect(BoundingBox(points: [Vector3]()) == nil)
        let box = try #require(BoundingBox(points: [Vector3(1, -2, 3), Vector3(-4, 5, 0.5), Vector3(0, 0, 9)]))
        #expect(box.min == Vector3(-4, -2, 0.5) && box.max == Vector3(1, 5, 9))
        #expect(box.size == Vector3(5, 7, 8.5))
        #expect(box.center == Vector3(-1.5, 1.5, 4.75))
        #expect(box.largestExtent == 8.5)
        #expect(box.contains(Vector3(0, 0, 1)) && !box.contains(Vector3(0, 0, 10)))
        #expect(box.contains(Vector3(1.05, 0, 1), tolerance: 0.1) && !box.contains(Vector3(1.05, 0, 1)))
        let single = try #require(BoundingBox(points: [Vector3(2, 2, 2)]))
        #expect(single.size == .zero)
    }

    @Test func unionHoldsBoth() {
        let a = BoundingBox(min: Vector3(0, 0, 0), max: Vector3(1, 1, 1))
        let b = BoundingBox(min: Vector3(-1, 0.5, 2), max: Vector3(0.5, 3, 4))
        let u = a.union(b)
        #expect(u == BoundingBox(min: Vector3(-1, 0, 0), max: Vector3(1, 3, 4)))
        #expect(u == b.union(a))
        #expect(a.union(a) == a)
    }
}

@Suite struct TriangleMeshTests {
    /// A unit right tetrahedron, counter-clockwise from outside.
    static let tetrahedron = TriangleMesh(positions: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
                                          indices: [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3])

    @Test func basicsAndBoundingBox() throws {
        let t = Self.tetrahedron
        #expect(t.vertexCount == 4 && t.triangleCount == 4 && !t.isEmpty && t.hasValidIndices)
        #expect(t.vertex(3) == Vector3(0, 0, 1))
        #expect(t.triangle(1) == (0, 1, 3))
        #expect(t.boundingBox == BoundingBox(min: .zero, max: Vector3(1, 1, 1)))
        #expect(TriangleMesh.empty.boundingBox == nil && TriangleMesh.empty.isEmpty)
        let shifted = TriangleMesh(positions: [-2, 5, 1, 3, -1, 0.5], indices: [])
        #expect(shifted.boundingBox == BoundingBox(min: Vector3(-2, -1, 0.5), max: Vector3(3, 5, 1)))
        #expect(!TriangleMesh(positions: [0, 0, 0], indices: [0, 0, 1]).hasValidIndices)
        #expect(!TriangleMesh(positions: [0, 0, 0, 1], indices: []).hasValidIndices)
    }

    @Test func transformedMovesEveryVertex() {
        let t = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90), translation: Vector3(10, 0, -1))
        let moved = Self.tetrahedron.transformed(by: t)
        #expect(moved.indices == Self.tetrahedron.indices)
        for i in 0..<4 {
            #expect(moved.vertex(i).maxDifference(to: t.apply(to: Self.tetrahedron.vertex(i))) < 1e-6)
        }
        #expect(moved.vertex(1).maxDifference(to: Vector3(10, 1, -1)) < 1e-6)
        #expect(Self.tetrahedron.transformed(by: .identity) == Self.tetrahedron)
    }

    @Test func appendShiftsIndices() {
        var m = Self.tetrahedron
        m.append(Self.tetrahedron.transformed(by: RigidTransform(translation: Vector3(5, 0, 0))))
        #expect(m.vertexCount == 8 && m.triangleCount == 8 && m.hasValidIndices)
        #expect(Array(m.indices.suffix(12)) == Self.tetrahedron.indices.map { $0 + 4 })
        #expect(m.vertex(5) == Vector3(6, 0, 0))
        var e = TriangleMesh.empty
        e.append(Self.tetrahedron)
        #expect(e == Self.tetrahedron)
    }

    @Test func contentHashIdentifiesContent() {
        let h = Self.tetrahedron.contentHash
        #expect(h.count == 64 && h.allSatisfy { "0123456789abcdef".contains($0) })
        let copy = TriangleMesh(positions: Self.tetrahedron.positions, indices: Self.tetrahedron.indices)
        #expect(copy.contentHash == h)
        var moved = Self.tetrahedron
        moved.positions[4] = 1e-6
        #expect(moved.contentHash != h)
        var flipped = Self.tetrahedron
        flipped.indices.swapAt(0, 1)
        #expect(flipped.contentHash != h)
        // Same bytes split differently between positions and indices must not collide.
        #expect(TriangleMesh(positions: [0, 0, 0], indices: []).contentHash
            != TriangleMesh(positions: [], indices: [0, 0, 0]).contentHash)
        // −0 equals +0, so it hashes the same.
        var negativeZero = Self.tetrahedron
        negativeZero.positions[0] = -0.0
        #expect(negativeZero == Self.tetrahedron && negativeZero.contentHash == h)
    }

    /// Golden value: catches any change to the canonical encoding (counts as UInt64 LE, Float32 LE
    /// positions, UInt32 LE indices). Re-record it only on a deliberate format change, since every
    /// stored plan revision hash in a ledger depends on it.
    @Test func contentHashGolden() {
        // Recorded independently: Python `hashlib.sha256(struct.pack("<QQ", 4, 4) + struct.pack("<12f", …)
        // + struct.pack("<12I", …))` over the same tetrahedron.
        #expect(Self.tetrahedron.contentHash == "bfa5e5c77d8bca317f28565a5335dcf1b03851f38f27a12d0bbb5ce1c2e155c2")
        // Counts differ here (3 vertices, 1 triangle) and the floats are not integers, so a swapped header
        // or a changed float encoding is caught too.
        let triangle = TriangleMesh(positions: [0.1, -2.5, 3, 1, 0, 0, 0, 1000, 7.25], indices: [0, 1, 2])
        #expect(triangle.contentHash == "302c994dab4d3a7480509f3fd475ebc0ee153727bfae2df6b08688efca54ad29")
        #expect(TriangleMesh.empty.contentHash == SHA256.hex([UInt8](repeating: 0, count: 16)))
    }
}
