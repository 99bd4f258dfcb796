using TagApi.Core.Data.Saving;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Rules;

/// <summary>Customers whose rules the background evaluator should re-evaluate.</summary>
public sealed class RuleTriggers(CommitNotifications notifications) : ChangedCustomerQueue(notifications);
