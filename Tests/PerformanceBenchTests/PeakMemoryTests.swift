import Foundation
import Testing
@testable import PerformanceBench

@Suite struct PeakMemoryTests {
    static let status = """
        Name:\taligngate
        VmPeak:\t  912345 kB
        VmSize:\t  812345 kB
        VmHWM:\t   204800 kB
        VmRSS:\t   102400 kB
        Threads:\t3
        """

    @Test func readsTheHighWaterMarkInBytes() {
        let bytes: Int64? = PeakMemory.highWaterMark(status: Self.status)
        #expect(bytes == Int64(204_800) * 1024)
    }

    @Test func readsOtherFieldsTheSameWay() {
        #expect(PeakMemory.field("VmRSS", status: Self.status) == Int64(102_400) * 1024)
        #expect(PeakMemory.field("VmSwap", status: Self.status) == nil)
    }

    @Test func malformedOrMissingLinesGiveNil() {
        #expect(PeakMemory.highWaterMark(status: "VmRSS:\t 1 kB") == nil)
        #expect(PeakMemory.highWaterMark(status: "VmHWM:\t lots kB") == nil)
        #expect(PeakMemory.highWaterMark(status: "VmHWM:\t 12 MB") == nil)
        #expect(PeakMemory.highWaterMark(status: "") == nil)
    }

    @Test func readsTheCPUModel() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n"
        #expect(MachineInfo.cpuModel(cpuinfo: cpuinfo) == "AMD EPYC 7B13")
        #expect(MachineInfo.cpuModel(cpuinfo: "processor\t: 0\n") == nil)
    }

    #if os(Linux)
    /// The per-phase reading is what the benchmark relies on: after a reset the mark starts again from
    /// the current size, and touching new memory raises it by at least that much.
    @Test func aResetStartsANewPhaseThatSeesNewMemory() throws {
        #expect(PeakMemory.reset())
        let before = PeakMemory.peak(afterReset: true)
        #expect(before.scope == .phase)
        #expect(before.bytes > 0)
        let size = 64 << 20
        let touched = [UInt8](repeating: 1, count: size)
        let after = PeakMemory.peak(afterReset: true)
        #expect(after.bytes >= before.bytes + Int64(size) - (4 << 20))
        #expect(touched.count == size)
    }
    #endif
}
