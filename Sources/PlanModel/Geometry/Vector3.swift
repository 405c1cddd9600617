/// A point or direction in millimetres (double precision: poses and frames, not mesh storage).
public struct Vector3: Hashable, Codable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vector3(0, 0, 0)
    public static let unitX = Vector3(1, 0, 0)
    public static let unitY = Vector3(0, 1, 0)
    public static let unitZ = Vector3(0, 0, 1)

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
    public static func += (a: inout Vector3, b: Vector3) { a = a + b }
    public static func -= (a: inout Vector3, b: Vector3) { a = a - b }

    /// Dot product.
    public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    /// Cross product (right-handed).
    public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    /// Euclidean length.
    public var length: Double { dot(self).squareRoot() }
    /// The unit vector in this direction; zero stays zero.
    public var normalized: Vector3 {
        let l = length
        return l > 0 ? self / l : self
    }
    /// Whether all three components are finite.
    public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    /// Largest absolute difference per component.
    public func maxDifference(to o: Vector3) -> Double { max(abs(x - o.x), abs(y - o.y), abs(z - o.z)) }

    public var description: String { "(\(x), \(y), \(z))" }
}
