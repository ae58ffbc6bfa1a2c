// The console shell: sign-in gate, top navigation and the pages.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { MenuIcon, XIcon } from "./components/icons.tsx";
import { LeavePrompt } from "./components/LeavePrompt.tsx";
import { Loading } from "./components/ui.tsx";
import { InsightsPage } from "./features/insights/InsightsPage.tsx";
import { AuditPage } from "./features/audit/AuditPage.tsx";
import { WebhooksPage } from "./features/webhooks/WebhooksPage.tsx";
import { CustomersPage } from "./features/customers/CustomersPage.tsx";
import { InboxLiveProvider } from "./inbox/InboxLive.tsx";
import { AccountPage } from "./pages/AccountPage.tsx";
import { ApiTokensPage } from "./features/api-tokens/ApiTokensPage.tsx";
import { FaqsPage } from "./features/faqs/FaqsPage.tsx";
import { GuidePage } from "./pages/GuidePage.tsx";
import { InboxPage } from "./features/inbox/InboxPage.tsx";
import { SavedRepliesPage } from "./features/inbox/SavedRepliesPage.tsx";
import { SettingsPage } from "./features/settings/SettingsPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { StaffPage } from "./features/staff/StaffPage.tsx";
import { TicketPage } from "./features/tickets/TicketPage.tsx";
import { TicketsPage } from "./features/tickets/TicketsPage.tsx";
import { TryItPage } from "./pages/TryItPage.tsx";
import { Link, Redirect, Route, Router, Switch, useLocation } from "wouter";
import { BASE, guardNavigation, navigate } from "./navigation.ts";
import type { Me } from "./me.ts";
import { trpc } from "./trpc.ts";

export function App() {
  const me = trpc.auth.me.useQuery(undefined, { retry: false, staleTime: 60_000 });
  // Keep the sign-in form mounted while `me` refetches after an error (it holds what was typed).
  if (me.data === undefined && me.error === null) return <Loading label="Opening the console…" />;
  const code = (me.error as { data?: { code?: string } } | null)?.data?.code;
  // A failed refetch keeps the old data: an UNAUTHORIZED error means signed out whatever is cached.
  if (!me.data || code === "UNAUTHORIZED") {
    return <SignInPage unreachable={me.error && code !== "UNAUTHORIZED" ? me.error : null} ended={Boolean(me.data)} />;
  }
  return (
    <Router base={BASE} aroundNav={guardNavigation}>
      <InboxLiveProvider meId={me.data.staff.id}>
        <Shell me={me.data.staff} />
      </InboxLiveProvider>
    </Router>
  );
}

const NAV: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: "/inbox", label: "Inbox" },
  { to: "/tickets", label: "Tickets" },
  { to: "/faqs", label: "FAQs" },
  { to: "/try", label: "Try the bot" },
  { to: "/insights", label: "Insights" },
  { to: "/settings", label: "Settings", adminOnly: true },
  { to: "/staff", label: "Staff", adminOnly: true },
  { to: "/api-tokens", label: "API tokens", adminOnly: true },
  { to: "/webhooks", label: "Webhooks", adminOnly: true },
  { to: "/audit", label: "Audit log", adminOnly: true },
  { to: "/customers", label: "Customer data", adminOnly: true },
];

function Shell({ me }: { me: Me }) {
  const [path] = useLocation();
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const openCount = trpc.ticket.list.useQuery({ status: "open", pageSize: 1 }, { refetchInterval: 30_000 });
  // Kept current by the live stream; the badge counts conversations with unread customer messages.
  const waiting = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  // Below the wide layout the navigation folds into a menu button; a page change closes it.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  const unreadConversations = waiting.data?.filter((i) => i.unread > 0).length ?? 0;
  const signOut = trpc.auth.signOut.useMutation({
    onSettled: () => {
      // Drop every cached page so the next person to sign in on this browser sees none of it.
      queryClient.removeQueries({ predicate: (q) => !JSON.stringify(q.queryKey).includes('"me"') });
      void utils.auth.me.invalidate();
      navigate("/", { replace: true, force: true });
    },
  });

  const section = "/" + (path.split("/")[1] ?? "");
  const isAdmin = me.role === "admin";
  const admin = (page: ReactNode) => (isAdmin ? page : <AdminOnly />);
  const uuid = "[0-9a-f-]{36}";
  // Pages by path; a ticket or conversation id in the path opens it (a deep link).
  const page = (
    <Switch>
      {/* Agents start where customers wait for them. */}
      <Route path="/">
        <Redirect to="/inbox" replace />
      </Route>
      <Route path={new RegExp(`^/inbox(?:/(?<id>${uuid}))?/?$`)}>
        {(params: { id?: string }) => <InboxPage conversationId={params.id ?? null} />}
      </Route>
      <Route path={new RegExp(`^/tickets/(?<id>${uuid})/?$`)}>
        {(params: { id?: string }) => <TicketPage id={params.id!} me={me} />}
      </Route>
      <Route path="/tickets">
        <TicketsPage me={me} />
      </Route>
      <Route path="/faqs" component={FaqsPage} />
      <Route path="/try" component={TryItPage} />
      <Route path="/insights">
        <InsightsPage me={me} />
      </Route>
      <Route path="/saved-replies">
        <SavedRepliesPage me={me} />
      </Route>
      <Route path="/guide" component={GuidePage} />
      <Route path="/account">
        <AccountPage me={me} />
      </Route>
      <Route path="/settings">{admin(<SettingsPage />)}</Route>
      <Route path="/staff">{admin(<StaffPage me={me} />)}</Route>
      <Route path="/api-tokens">{admin(<ApiTokensPage />)}</Route>
      <Route path="/webhooks">{admin(<WebhooksPage />)}</Route>
      <Route path="/audit">{admin(<AuditPage />)}</Route>
      <Route path="/customers">{admin(<CustomersPage />)}</Route>
      <Route component={NotFound} />
    </Switch>
  );

  return (
    <>
      <header className="topbar">
        <button
          className="ghost small menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          aria-label={menuOpen ? "Close menu" : "Open menu"}
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? <XIcon size={20} /> : <MenuIcon size={20} />}
        </button>
        <Link to="/inbox" className="brand">
          <span className="brand-mark" aria-hidden>
            <svg width="16" height="16" viewBox="0 0 32 32">
              <path d="M6 8h20v12H15l-6 5v-5H6z" fill="white" />
            </svg>
          </span>
          Support console
        </Link>
        <nav id="main-nav" className={`nav${menuOpen ? " open" : ""}`} aria-label="Main">
          {NAV.filter((n) => !n.adminOnly || isAdmin).map((n) => (
            <Link
              key={n.to}
              to={n.to}
              className={section === n.to ? "active" : ""}
              aria-current={section === n.to ? "page" : undefined}
              onClick={() => setMenuOpen(false)}
            >
              {n.label}
              {n.to === "/inbox" && unreadConversations > 0 && (
                <span
                  className="badge unread-count"
                  aria-label={`${unreadConversations} unread`}
                  data-testid="inbox-badge"
                >
                  {unreadConversations}
                </span>
              )}
              {n.to === "/tickets" && (openCount.data?.total ?? 0) > 0 && (
                <span className="badge open">{openCount.data?.total}</span>
              )}
            </Link>
          ))}
          <Link to="/guide" className={section === "/guide" ? "active" : ""} onClick={() => setMenuOpen(false)}>
            Staff guide
          </Link>
        </nav>
        <div className="user-menu">
          <div className="who">
            <Link to="/account" title="Your account">
              {me.name}
            </Link>
            <small>{me.role === "admin" ? "Admin" : "Agent"}</small>
          </div>
          <button className="small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main className="main">{page}</main>
      <LeavePrompt />
    </>
  );
}

function AdminOnly() {
  return (
    <div className="panel panel-body">
      <h2>Admins only</h2>
      <p className="muted">
        Only an admin can change this. Ask an admin on your team if something here needs to change.
      </p>
    </div>
  );
}

function NotFound() {
  return (
    <div className="panel panel-body">
      <h2>Page not found</h2>
      <p className="muted">
        This page doesn't exist. Go to <Link to="/tickets">Tickets</Link> or <Link to="/faqs">FAQs</Link>.
      </p>
    </div>
  );
}
