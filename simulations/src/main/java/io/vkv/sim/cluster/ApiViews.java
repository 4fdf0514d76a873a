package io.vkv.sim.cluster;

import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryResponse;
import io.vkv.proto.v1.Sibling;
import io.vkv.sim.check.KeyView;
import io.vkv.sim.check.SiblingView;
import io.vkv.sim.check.VersionView;
import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Vv;

/** Converts the API's messages to the checker's views: dots, clocks and contexts as the node reported them. */
public final class ApiViews {

    private ApiViews() {
    }

    /** What a Get answered, as the checker sees it. */
    public static KeyView keyView(GetResponse r) {
        return new KeyView(r.getSiblingsList().stream().map(ApiViews::sibling).toList(), Vv.of(r.getContextClockMap()));
    }

    /** What a Get and a History of the same key answered, as the checker sees them. */
    public static KeyView keyView(GetResponse r, HistoryResponse h) {
        return new KeyView(r.getSiblingsList().stream().map(ApiViews::sibling).toList(), Vv.of(r.getContextClockMap()),
                h.getVersionsList().stream().map(v -> new VersionView(v.getVersion(), dot(v.getDot()))).toList());
    }

    static SiblingView sibling(Sibling s) {
        return new SiblingView(dot(s.getDot()), s.getDeleted() ? null : s.getValue().toStringUtf8(), Vv.of(s.getClockMap()));
    }

    /** The checker's form of an API dot. */
    public static Dot dot(io.vkv.proto.v1.Dot d) {
        return new Dot(d.getActor(), d.getCounter());
    }
}
