package dev.faultline.targetfile;

import dev.faultline.harness.control.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static final List<Node> CLUSTER = List.of(new Node("n1", "10.0.0.2", null), new Node("n2", "10.0.0.3", null),
            new Node("n3", "10.0.0.4", null));
    private static final NodeVars.Settings SETTINGS = new NodeVars.Settings(Map.of("peer", 2380, "client", 2379),
            Map.of("mode", "fast"), "/var/lib/x", "/opt/x", "t1");

    private static String expand(String template, int node) {
        return Template.parse(template).expand(new NodeVars(CLUSTER, CLUSTER.get(node), SETTINGS));
    }

    @Test
    void nodeVariables() {
        assertThat(expand("--name {node} --listen http://{address}:{port.client} #{index}/{node_count} {first}@{first_address} {param.mode} {test_name}", 1))
                .isEqualTo("--name n2 --listen http://10.0.0.3:2379 #2/3 n1@10.0.0.2 fast t1");
    }

    @Test
    void listsOfNodesAndPeersWithFormatAndSeparator() {
        assertThat(expand("{nodes|{node}=http://{address}:{port.peer}|,}", 0))
                .isEqualTo("n1=http://10.0.0.2:2380,n2=http://10.0.0.3:2380,n3=http://10.0.0.4:2380");
        assertThat(expand("{peers}", 1)).isEqualTo("n1,n3");
        assertThat(expand("{peers|{address}:{port.client}| }", 2)).isEqualTo("10.0.0.2:2379 10.0.0.3:2379");
        assertThat(expand("{nodes}", 0)).isEqualTo("n1,n2,n3");
    }

    @Test
    void doubledBracesAreLiteral() {
        assertThat(expand("{{\"node\": \"{node}\"}}", 0)).isEqualTo("{\"node\": \"n1\"}");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> Template.parse("{node")).hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> Template.parse("node}")).hasMessageContaining("unmatched '}'");
        assertThatThrownBy(() -> Template.parse("{node|x}")).hasMessageContaining("only {nodes|...} and {peers|...}");
        assertThatThrownBy(() -> Template.parse("{nodes|{peers}|,}")).hasMessageContaining("cannot itself list");
        assertThat(NodeVars.unknown(Template.parse("{port.peer} {port.admin}"), Set.of("peer"), Set.of())).contains("port.admin");
        assertThat(NodeVars.unknown(Template.parse("{nodes|{node}:{port.peer}|,}"), Set.of("peer"), Set.of())).isEmpty();
    }
}
