package org.mptcpgw.hostagent.netlink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the generic netlink controller says about a family: the message type (family id) it was given at
 * registration, its version and the ids of its multicast groups. Ids are assigned at run time, so they are always
 * looked up by name ({@link GenericControlCodec}).
 */
public final class GenericFamily
{
    private final String name;
    private final int id;
    private final int version;
    private final Map<String, Integer> multicastGroups;

    /**
     * @param name            family name, e.g. "mptcp_pm".
     * @param id              family id (the nlmsg_type of its messages).
     * @param version         family version.
     * @param multicastGroups multicast group ids by name.
     */
    public GenericFamily(final String name, final int id, final int version, final Map<String, Integer> multicastGroups)
    {
        this.name = name;
        this.id = id;
        this.version = version;
        this.multicastGroups = Collections.unmodifiableMap(new LinkedHashMap<>(multicastGroups));
    }

    /**
     * @return the family name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the family id: the nlmsg_type of its messages.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the family version the kernel reports.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return multicast group ids by name.
     */
    public Map<String, Integer> multicastGroups()
    {
        return multicastGroups;
    }

    /**
     * @param groupName a multicast group name.
     * @return its id, or -1 if the family has no such group.
     */
    public int multicastGroup(final String groupName)
    {
        final Integer group = multicastGroups.get(groupName);
        return null == group ? -1 : group;
    }

    /**
     * @return name, id, version and groups.
     */
    @Override
    public String toString()
    {
        return "GenericFamily{name=" + name + ", id=" + id + ", version=" + version + ", groups=" + multicastGroups +
            '}';
    }
}
