package dev.faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import java.io.StringReader;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitReportTest {

    @Test
    void oneTestcasePerTopLevelCheckerWithFailuresAndErrors() throws Exception {
        CheckResult result = CheckResult.compose("faultline", "mixed", List.of(
                SampleRuns.staleResult().children().get(0),
                CheckResult.of("bank", Validity.UNKNOWN, "history too short: 0 reads"),
                CheckResult.of("stats", Validity.VALID, "every f had ok ops & <no> \u0001 surprises")));
        String xml = JunitReport.render(result, SampleRuns.info("register <raft>"), "20261123T090000.000");

        validate(xml);
        Document doc = parse(xml);
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("register <raft>");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("62.500");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element lin = (Element) cases.item(0);
        Element failure = (Element) lin.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("1 of 2 keys not linearizable; first: key k1");
        assertThat(failure.getTextContent()).contains("key k1: not linearizable: process 1: read -> ok 3", "\"linearized\"", "\"statesBefore\"");
        Element bank = (Element) cases.item(1);
        assertThat(((Element) bank.getElementsByTagName("error").item(0)).getAttribute("message")).isEqualTo("history too short: 0 reads");
        Element stats = (Element) cases.item(2);
        assertThat(stats.getElementsByTagName("failure").getLength() + stats.getElementsByTagName("error").getLength()).isZero();
        assertThat(stats.getTextContent()).contains("& <no> \uFFFD surprises");
    }

    @Test
    void aResultWithoutChildrenIsItsOwnTestcase() throws Exception {
        String xml = JunitReport.render(CheckResult.of("linearizable", Validity.VALID, "ok"), RunRecord.named(""), "r");
        validate(xml);
        assertThat(parse(xml).getElementsByTagName("testcase").getLength()).isEqualTo(1);
    }

    private static void validate(String xml) throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(JunitReportTest.class.getResourceAsStream("/junit-jenkins.xsd")));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
