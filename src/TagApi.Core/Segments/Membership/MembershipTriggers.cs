using TagApi.Core.Data.Saving;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Membership;

/// <summary>Customers whose segment memberships the projector should look at again.</summary>
public sealed class MembershipTriggers(CommitNotifications notifications) : ChangedCustomerQueue(notifications);
