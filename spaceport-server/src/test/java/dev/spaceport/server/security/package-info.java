/**
 * The security suite, one class per item of the OWASP API Security Top 10 (2023) that applies to
 * Spaceport.
 *
 * <table>
 *   <caption>OWASP API Security Top 10 (2023) → tests</caption>
 *   <tr><th>item</th><th>where</th></tr>
 *   <tr><td>API1 Broken Object Level Authorization</td>
 *       <td>{@link dev.spaceport.server.security.Api1ObjectLevelAuthorizationTest} (organizations,
 *       users, roles, role bindings, API keys), {@code api.SpaceAuthorizationMatrixTest}
 *       (spaces), {@link dev.spaceport.server.security.NotFoundIndistinguishabilityTest}</td></tr>
 *   <tr><td>API2 Broken Authentication</td>
 *       <td>{@link dev.spaceport.server.security.Api2BrokenAuthenticationTest},
 *       {@link dev.spaceport.server.security.KeyMaterialInLogsTest}</td></tr>
 *   <tr><td>API3 Broken Object Property Level Authorization</td>
 *       <td>{@link dev.spaceport.server.security.Api3PropertyLevelAuthorizationTest}</td></tr>
 *   <tr><td>API4 Unrestricted Resource Consumption</td>
 *       <td>{@link dev.spaceport.server.security.Api4ResourceConsumptionTest},
 *       {@code api.RateLimitTest}, {@code fuzz.RequestFuzzTest}</td></tr>
 *   <tr><td>API5 Broken Function Level Authorization</td>
 *       <td>{@link dev.spaceport.server.security.Api5FunctionLevelAuthorizationTest}</td></tr>
 *   <tr><td>API6 Unrestricted Access to Sensitive Business Flows</td>
 *       <td>not applicable: no business flow (purchase, sign-up, messaging) to automate; bulk
 *       use of the API is bounded by API4's limits</td></tr>
 *   <tr><td>API7 Server Side Request Forgery</td>
 *       <td>not applicable: the server never fetches a URL a client supplies (no webhooks, no
 *       imports)</td></tr>
 *   <tr><td>API8 Security Misconfiguration</td>
 *       <td>{@link dev.spaceport.server.security.Api8SecurityMisconfigurationTest},
 *       {@link dev.spaceport.server.security.KeyMaterialInLogsTest},
 *       {@code fuzz.RequestFuzzTest}</td></tr>
 *   <tr><td>API9 Improper Inventory Management</td>
 *       <td>{@link dev.spaceport.server.security.Api9InventoryTest}</td></tr>
 *   <tr><td>API10 Unsafe Consumption of APIs</td>
 *       <td>not applicable: the server consumes no third-party API</td></tr>
 * </table>
 */
package dev.spaceport.server.security;
