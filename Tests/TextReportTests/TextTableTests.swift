import Testing
import TextReport

@Suite struct TextTableTests {
    @Test func numericTablesAlignNumbersRightAndNamesLeft() {
        var table = TextTable.numeric(["phase", "s", "MB"])
        table.add(["export", "1.25", "700"])
        table.add(["intake generic-stl", "10.00", "7"])
        #expect(table.rendered == """
            phase                   s   MB
            ------------------  -----  ---
            export               1.25  700
            intake generic-stl  10.00    7
            """)
    }

    @Test func wordTablesAlignLeftWithoutTrailingSpaces() {
        var table = TextTable("id", "name", "direction")
        table.add("generic-stl", "Generic STL (lab)", "both")
        table.add("teeth3ds", "Teeth3DS", "")
        #expect(table.rendered == """
            id           name               direction
            -----------  -----------------  ---------
            generic-stl  Generic STL (lab)  both
            teeth3ds     Teeth3DS
            """)
    }

    @Test func shortAndLongRowsArePadded() {
        var table = TextTable.numeric(["a", "b"])
        table.add(["x"])
        table.add(["y", "1", "extra"])
        #expect(table.rendered == "a  b\n-  -  -----\nx\ny  1  extra")
    }
}
